package io.cowrite.core.protocol;

import io.cowrite.core.ot.TextOp;

/**
 * One committed op, as carried by {@code catchup.ops} (and, flattened, by {@code remote}).
 *
 * <p>Thread-safe (immutable).
 *
 * @param version  the version it was committed at (the document was at {@code version} before, {@code version+1} after)
 * @param op       the op as committed (already transformed to {@code version})
 * @param clientId the client that sent it
 * @param seq      that client's seq for it
 * @param author   display name of the sender, at most 64 code units, possibly empty
 */
public record CommittedOp(long version, TextOp op, String clientId, long seq, String author) {
    public CommittedOp {
        Check.version("version", version);
        Check.notNull("op", op);
        Check.clientId("clientId", clientId);
        Check.seq("seq", seq);
        Check.name("author", author);
    }
}
