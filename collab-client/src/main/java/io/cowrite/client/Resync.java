package io.cowrite.client;

import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.ErrorCode;

/**
 * A resync with an op in flight (protocol §11): the snapshot replaced the server's text, and only the
 * answer to the in-flight op's resend tells what the pending edits apply to. Committed (an {@code ack},
 * or the op itself among the committed ops): the snapshot or what follows it contains it, so only the
 * buffer is pending, on the old server text with the op applied. Refused ({@code version_too_old}: its
 * base is behind the window or the retention horizon): it never commits, so it is pending too, on the old
 * server text. Meanwhile the ops committed after the snapshot are applied to its text here. Not
 * thread-safe: owned by its {@link DocumentClient}.
 */
final class Resync {
    /** What is pending once the in-flight op's fate is known, and the server text it applies to. */
    record Outcome(boolean inflightCommitted, String base, TextOp inflight) {
        /** The in-flight op (if refused) then the buffer, as one op on {@link #base}. */
        TextOp pending(TextOp buffer) {
            if (inflightCommitted) return buffer;
            return buffer == null ? inflight : TextType.compose(inflight, buffer);
        }
    }

    /** The version and server text the in-flight op applies to: its resend's base. */
    final long base;
    private final String baseText;
    private final String clientId;
    private final long seq;
    private final TextOp inflight;
    private long version;
    private String text;
    /** The version the in-flight op was committed at, once known; -1 before. */
    private long committedAt = -1;

    Resync(long base, String baseText, String clientId, long seq, TextOp inflight, long version, String text) {
        this.base = base;
        this.baseText = baseText;
        this.clientId = clientId;
        this.seq = seq;
        this.inflight = inflight;
        this.version = version;
        this.text = text;
    }

    long version() {
        return version;
    }

    String text() {
        return text;
    }

    /** An {@code ack} of the resend (the original version if it had been committed). */
    Outcome acked(long ackSeq, long at) throws OtException {
        if (ackSeq != seq) return null;
        committedAt = at;
        return outcome();
    }

    /** An op committed after the snapshot; our own in-flight op counts as its ack. */
    Outcome committed(long v, TextOp op, String author, long opSeq) throws OtException {
        if (v < version) return null; // in the snapshot already
        if (v > version) throw new IllegalStateException("gap after a resync: at " + version + ", got op " + v);
        text = TextType.apply(text, op);
        version = v + 1;
        if (opSeq == seq && clientId.equals(author)) committedAt = v;
        return outcome();
    }

    /** A non-retryable refusal of the resend ({@code version_too_old}, …): it never commits. */
    Outcome refused(Long refusedSeq, ErrorCode code) {
        if (refusedSeq == null || refusedSeq != seq) return null;
        return new Outcome(false, baseText, inflight);
    }

    /** Committed, and the server text here contains it (it was in the snapshot, or has arrived since). */
    private Outcome outcome() throws OtException {
        if (committedAt < 0 || committedAt >= version) return null;
        return new Outcome(true, TextType.apply(baseText, inflight), inflight);
    }
}
