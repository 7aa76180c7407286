package io.cowrite.client;

import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.Side;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ServerMessage;
import java.util.function.Consumer;

/**
 * The client side of one document: the classic OT client state machine (synchronized / awaiting
 * ack / awaiting ack with a buffer). Local edits apply at once; one op is in flight; remote ops
 * transform the in-flight and buffered ops (the server transforms submits with side {@code left}
 * against what it committed first, so remote ops are transformed here with side {@code right}).
 * On reconnect, {@link #rejoin} resumes from the last seen version and resends the in-flight op
 * with its original seq. Thread-safe (synchronized).
 */
public final class DocumentClient {
    private final DocId doc;
    private final String clientId;
    private Consumer<ClientMessage> out;
    private long version = -1;
    private String text = "";
    private TextOp inflight;
    private long inflightSeq;
    private TextOp buffer;
    private long nextSeq = 1;
    private long acked;

    public DocumentClient(DocId doc, String clientId, Consumer<ClientMessage> out) {
        this.doc = doc;
        this.clientId = clientId;
        this.out = out;
    }

    /** Sends the join (fresh the first time, a resume after that). */
    public synchronized void join() {
        out.accept(new ClientMessage.Join(doc, version < 0 ? null : version));
    }

    /** After a reconnect on a new connection: resume from the last seen version. */
    public synchronized void rejoin(Consumer<ClientMessage> newOut) {
        this.out = newOut;
        join();
    }

    /** Applies a local edit (against the current local text) and sends or buffers it. */
    public synchronized void edit(TextOp edit) throws OtException {
        TextOp op = TextType.normalize(edit); // unnormalized ops do not converge under transform
        text = TextType.apply(text, op);
        if (inflight == null) {
            send(op, nextSeq++);
        } else {
            buffer = buffer == null ? op : TextType.compose(buffer, op);
        }
    }

    private void send(TextOp op, long seq) {
        inflight = op;
        inflightSeq = seq;
        out.accept(new ClientMessage.Op(doc, version, clientId, seq, op));
    }

    /** Feeds one server message about this document. */
    public synchronized void receive(ServerMessage m) throws OtException {
        switch (m) {
            case ServerMessage.Snapshot s -> snapshot(s);
            case ServerMessage.Catchup c -> {
                for (CommittedOp op : c.ops()) committed(op.version(), op.op(), op.clientId(), op.seq());
                resend();
            }
            case ServerMessage.Ack a -> ack(a.seq(), a.version());
            case ServerMessage.Remote r -> committed(r.version(), r.op(), r.clientId(), r.seq());
            default -> {
            }
        }
    }

    private void snapshot(ServerMessage.Snapshot s) {
        if (version >= 0 && (inflight != null || buffer != null)) {
            throw new IllegalStateException("resync with unacked edits is not supported by this client");
        }
        version = s.version();
        text = s.text();
    }

    private void committed(long v, TextOp op, String author, long seq) throws OtException {
        if (v < version) return; // already seen (a replay overlapping live delivery)
        if (v > version) throw new IllegalStateException("gap: at " + version + ", got op " + v);
        if (inflight != null && author.equals(clientId) && seq == inflightSeq) {
            ack(seq, v); // our own op, seen in a catch-up before its ack
            return;
        }
        TextOp remote = op;
        if (inflight != null) {
            TextOp before = inflight;
            inflight = TextType.transform(inflight, remote, Side.LEFT);
            remote = TextType.transform(remote, before, Side.RIGHT);
        }
        if (buffer != null) {
            TextOp before = buffer;
            buffer = TextType.transform(buffer, remote, Side.LEFT);
            remote = TextType.transform(remote, before, Side.RIGHT);
        }
        text = TextType.apply(text, remote);
        version = v + 1;
    }

    private void ack(long seq, long v) {
        if (inflight == null || seq != inflightSeq) return; // a duplicate ack of a resend
        if (v != version) throw new IllegalStateException("ack at " + v + " while at version " + version);
        version = v + 1;
        inflight = null;
        acked++;
        if (buffer != null) {
            TextOp next = buffer;
            buffer = null;
            send(next, nextSeq++);
        }
    }

    /** Resends the in-flight op, same seq, rebased on everything seen (after a resume or a retryable error). */
    public synchronized void resend() {
        if (inflight != null) out.accept(new ClientMessage.Op(doc, version, clientId, inflightSeq, inflight));
    }

    public synchronized String text() {
        return text;
    }

    public synchronized long version() {
        return version;
    }

    /** True when nothing is in flight or buffered. */
    public synchronized boolean isSynchronized() {
        return inflight == null && buffer == null;
    }

    public synchronized long acked() {
        return acked;
    }

    public synchronized long inflightSeq() {
        return inflight == null ? -1 : inflightSeq;
    }

    public DocId doc() {
        return doc;
    }
}
