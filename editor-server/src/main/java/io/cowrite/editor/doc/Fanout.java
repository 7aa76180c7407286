package io.cowrite.editor.doc;

import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.core.protocol.ServerMessage;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The sessions of one document on this node that committed ops are delivered to. A committed op is
 * encoded once and the same bytes go to every participant but its author (who gets its ack). Nothing is
 * encoded per recipient. Confined to the document's executor. (Who is here is {@link People}'s.)
 */
final class Fanout {
    private final DocId doc;
    private final ProtocolCodec codec;
    private final DocumentMetrics metrics;
    private final Set<Participant> participants = new LinkedHashSet<>();

    Fanout(String doc, ProtocolCodec codec, DocumentMetrics metrics) {
        this.doc = DocId.of(doc);
        this.codec = codec;
        this.metrics = metrics;
    }

    boolean isEmpty() {
        return participants.isEmpty();
    }

    boolean contains(Participant p) {
        return participants.contains(p);
    }

    void add(Participant p) {
        participants.add(p);
    }

    /** Everyone here, in join order (a copy). */
    java.util.List<Participant> all() {
        return java.util.List.copyOf(participants);
    }

    void remove(Participant p) {
        participants.remove(p);
    }

    /** The op committed at the document's version: its author is acked, everyone else gets the same bytes. */
    void committed(CommittedOp op) {
        byte[] frame = null;
        for (Participant q : participants) {
            if (q.clientId().equals(op.clientId())) {
                q.ack(op.seq(), op.version());
                continue;
            }
            if (frame == null) frame = encode(ServerMessage.Remote.of(doc, op));
            q.remote(op, frame);
            metrics.deliveredFrames.increment();
        }
    }

    private byte[] encode(ServerMessage m) {
        metrics.encodedFrames.increment();
        return codec.encode(m).getBytes(StandardCharsets.UTF_8);
    }
}
