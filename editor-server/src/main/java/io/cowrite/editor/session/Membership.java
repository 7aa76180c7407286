package io.cowrite.editor.session;

import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.ServerMessage;
import io.cowrite.editor.doc.Document;
import io.cowrite.editor.doc.Participant;
import java.util.List;

/** A session's membership in one document: maps what the document says onto protocol messages. */
final class Membership implements Participant {
    private final ClientSession session;
    private final DocId id;
    final Document doc;
    private volatile String color;
    /**
     * The seq the delivery path acked last on this membership: the owner's answer for the same op must
     * not ack it twice. One op in flight per document makes the last one enough. Document executor only.
     */
    private long deliveredAck;
    /** Set by the join reply (snapshot or catchup). Document executor only. */
    private boolean admitted;

    /** True when the session may read but not edit this document. */
    final boolean readOnly;
    private final boolean visible;
    /** The seq of the op forwarded and not answered yet (0: none); a draining node waits for it. */
    volatile long inflight;

    Membership(ClientSession session, DocId id, Document doc, boolean readOnly, boolean visible) {
        this.session = session;
        this.id = id;
        this.doc = doc;
        this.readOnly = readOnly;
        this.visible = visible;
    }

    @Override
    public boolean visible() {
        return visible;
    }

    private void answered(long seq) {
        if (inflight == seq) inflight = 0;
    }

    @Override
    public void avoidColors(java.util.Set<String> taken) {
        color = io.cowrite.editor.presence.Colors.distinct(session.color(), taken);
    }

    @Override
    public String clientId() {
        return session.clientId();
    }

    @Override
    public String sessionId() {
        return session.sessionId();
    }

    @Override
    public String userId() {
        return session.userId();
    }

    @Override
    public String name() {
        return session.name();
    }

    @Override
    public String color() {
        String c = color;
        return c != null ? c : session.color();
    }

    @Override
    public void snapshot(long version, String text, boolean resync) {
        admitted = true;
        session.send(new ServerMessage.Snapshot(id, version, text, resync, readOnly));
    }

    @Override
    public void catchup(long from, long version, List<CommittedOp> ops) {
        admitted = true;
        session.send(new ServerMessage.Catchup(id, from, version, ops, readOnly));
    }

    @Override
    public void ack(long seq, long version) {
        deliveredAck = seq;
        answered(seq);
        session.send(new ServerMessage.Ack(id, seq, version));
    }

    @Override
    public void ackCommitted(long seq, long version) {
        answered(seq);
        if (seq != deliveredAck) session.send(new ServerMessage.Ack(id, seq, version));
    }

    @Override
    public void remote(CommittedOp op, byte[] frame) {
        session.sendEncoded(frame);
    }

    @Override
    public void frame(byte[] frame) {
        session.sendEncoded(frame);
    }

    @Override
    public void error(Long seq, ErrorCode code, String message, String detail) {
        // An error without a seq before the join reply answers the join (version_ahead, or unavailable): the
        // document was not joined, so the client may join again. Forgotten before the reply is queued.
        if (seq == null && !admitted) session.joinRefused(id, this);
        if (seq != null) answered(seq);
        session.send(new ServerMessage.ErrorReply(code, message, id, seq, detail));
    }
}
