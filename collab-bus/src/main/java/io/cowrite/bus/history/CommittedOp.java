package io.cowrite.bus.history;

import io.cowrite.core.ot.TextOp;
import java.util.Objects;

/**
 * An op as committed to the log: it takes document {@code doc} from {@code version} to
 * {@code version + 1}. {@code op} is in invertible form (deletes carry their text), so history can be
 * undone and diffed. {@code (clientId, seq)} is the idempotency key; {@code timeMillis} is the commit
 * time (epoch millis, from history-service's clock).
 */
public record CommittedOp(String doc, long version, String clientId, long seq, String author, TextOp op,
                          long timeMillis) {
    public CommittedOp {
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(op, "op");
        if (version < 0) throw new IllegalArgumentException("version < 0");
    }
}
