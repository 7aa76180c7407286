package io.cowrite.core.protocol;

import io.cowrite.core.ot.TextOp;

/**
 * One committed op: the one type for it everywhere (the op log, the bus, {@code catchup.ops} and,
 * flattened, {@code remote}). The document is the context it travels in.
 *
 * <p>Thread-safe (immutable).
 *
 * @param version  the version it was committed at (the document was at {@code version} before, {@code version+1} after)
 * @param op       the op as committed (already transformed to {@code version}; in invertible form as stored)
 * @param clientId the client that sent it
 * @param seq      that client's seq for it
 * @param author   display name of the sender, at most 64 code units, possibly empty
 * @param time     commit time, milliseconds since the epoch (history-service's clock); 0 when unknown
 */
public record CommittedOp(long version, TextOp op, String clientId, long seq, String author, long time) {
    public CommittedOp {
        Check.version("version", version);
        Check.notNull("op", op);
        Check.clientId("clientId", clientId);
        Check.seq("seq", seq);
        Check.name("author", author);
        Check.range("time", time, 0, Protocol.MAX_SAFE_INTEGER);
    }
}
