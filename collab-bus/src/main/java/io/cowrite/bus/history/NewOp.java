package io.cowrite.bus.history;

import io.cowrite.core.ot.TextOp;
import java.util.Objects;

/**
 * An op to append: already transformed to the head by the sequencer, in invertible form.
 * {@code (clientId, seq)} identifies it across resends; {@code author} is the authenticated user.
 */
public record NewOp(String clientId, long seq, String author, TextOp op) {
    public NewOp {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(op, "op");
    }
}
