package io.cowrite.client;

import io.cowrite.core.ot.DocText;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.Side;
import io.cowrite.core.ot.TextDiff;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.ServerMessage;
import java.util.function.Consumer;

/**
 * The client side of one document: the classic OT client state machine (synchronized / awaiting
 * ack / awaiting ack with a buffer). Local edits apply at once; one op is in flight; remote ops
 * transform the in-flight and buffered ops (the server transforms submits with side {@code left}
 * against what it committed first, so remote ops are transformed here with side {@code right}).
 * On reconnect, {@link #rejoin} resumes from the last seen version and resends the in-flight op
 * with its original seq. After a resync snapshot nothing pending is lost (protocol §11): the client keeps
 * the server's text at its last version ({@code serverText}), learns from the resent in-flight op's
 * answer whether that op is already in the snapshot, then rebases what is still pending on the snapshot
 * through a diff of the two server texts ({@link Resync}). Thread-safe (synchronized).
 */
public final class DocumentClient {
    private final DocId doc;
    private final String clientId;
    private Consumer<ClientMessage> out;
    private long version = -1;
    private DocText text = new DocText("");
    /** The server's text at {@link #version}: what the pending ops apply to. */
    private DocText serverText = new DocText("");
    private TextOp inflight;
    private long inflightSeq;
    private TextOp buffer;
    private long nextSeq = 1;
    private long acked;
    private boolean readOnly;
    /** Set between a resync snapshot and the answer to the in-flight op's resend. */
    private Resync resync;

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
        if (readOnly) throw new IllegalStateException(doc.value() + " is read-only for this user");
        TextOp op = TextType.normalize(edit); // unnormalized ops do not converge under transform
        text.apply(op);
        if (inflight == null && resync == null) {
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
                readOnly = c.readOnly();
                for (CommittedOp op : c.ops()) committed(op.version(), op.op(), op.clientId(), op.seq());
                resend();
            }
            case ServerMessage.Ack a when resync != null -> resolve(resync.acked(a.seq(), a.version()));
            case ServerMessage.Ack a -> ack(a.seq(), a.version());
            case ServerMessage.Remote r when resync != null -> resolve(resync.committed(r.version(), r.op(), r.clientId(), r.seq()));
            case ServerMessage.Remote r -> committed(r.version(), r.op(), r.clientId(), r.seq());
            case ServerMessage.ErrorReply e when resync != null && !e.code().retryable() -> resolve(resync.refused(e.seq(), e.code()));
            case ServerMessage.ErrorReply e when isOurs(e) && e.code() == ErrorCode.VERSION_TOO_OLD -> {
                // its base is behind the owner's window or the retention horizon: not committed. Resume from our
                // version: a catch-up (the op is rebased and resent) or a resync (§11) follows
                out.accept(new ClientMessage.Leave(doc));
                join();
            }
            default -> {
            }
        }
    }

    private void snapshot(ServerMessage.Snapshot s) throws OtException {
        readOnly = s.readOnly();
        if (!s.resync() || version < 0 || (inflight == null && buffer == null)) {
            version = s.version();
            text = new DocText(s.text());
            serverText = new DocText(s.text());
            inflight = null;
            buffer = null;
            resync = null;
            return;
        }
        if (inflight == null) { // only buffered edits: rebase them on the snapshot now
            rebase(serverText.toString(), buffer, s.version(), s.text());
            return;
        }
        // Was the in-flight op committed (it is then in the snapshot, or arrives after it)? Its resend says.
        resync = new Resync(version, serverText.toString(), clientId, inflightSeq, inflight, s.version(), s.text());
        out.accept(new ClientMessage.Op(doc, resync.base, clientId, inflightSeq, inflight));
    }

    private boolean isOurs(ServerMessage.ErrorReply e) {
        return inflight != null && e.seq() != null && e.seq() == inflightSeq;
    }

    /** Rebases {@code pending} (which applies to {@code base}) on the server's {@code now} at {@code at}, then sends it. */
    private void rebase(String base, TextOp pending, long at, String now) throws OtException {
        TextOp diff = TextDiff.between(base, now);
        TextOp rebased = pending == null ? TextOp.NOOP : TextType.transform(pending, diff, Side.LEFT);
        text.apply(pending == null ? diff : TextType.transform(diff, pending, Side.RIGHT));
        serverText = new DocText(now);
        version = at;
        inflight = null;
        buffer = null;
        resync = null;
        if (!rebased.isNoop()) send(rebased, nextSeq++);
    }

    private void resolve(Resync.Outcome outcome) throws OtException {
        if (outcome == null) return; // not known yet
        if (outcome.inflightCommitted()) acked++;
        TextOp pending = outcome.pending(buffer);
        rebase(outcome.base(), pending, resync.version(), resync.text());
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
        text.apply(remote);
        serverText.apply(op);
        version = v + 1;
    }

    private void ack(long seq, long v) {
        if (inflight == null || seq != inflightSeq) return; // a duplicate ack of a resend
        if (v != version) throw new IllegalStateException("ack at " + v + " while at version " + version);
        version = v + 1;
        try {
            serverText.apply(inflight);
        } catch (OtException e) {
            throw new IllegalStateException("our own op does not apply to the server's text", e);
        }
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
        if (resync != null) {
            out.accept(new ClientMessage.Op(doc, resync.base, clientId, inflightSeq, inflight));
        } else if (inflight != null) out.accept(new ClientMessage.Op(doc, version, clientId, inflightSeq, inflight));
    }

    public synchronized String text() {
        return text.toString();
    }

    /** The server said this user may read but not write this document (edits are refused locally). */
    public synchronized boolean isReadOnly() {
        return readOnly;
    }

    public synchronized long version() {
        return version;
    }

    /** True when nothing is in flight or buffered. */
    public synchronized boolean isSynchronized() {
        return inflight == null && buffer == null && resync == null;
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
