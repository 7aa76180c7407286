package io.cowrite.history.api;

import io.cowrite.core.ot.TextOp;
import java.util.Objects;

/**
 * A client's op, forwarded by an editor node to its document's owner: {@code op} applies to version
 * {@code base}; {@code (clientId, seq)} identifies it across resends; {@code author} is the display
 * name (or, with authentication, the user) to record.
 */
public record Submit(String doc, long base, String clientId, long seq, String author, TextOp op) {
    public Submit {
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(op, "op");
        if (base < 0) throw new IllegalArgumentException("base < 0");
        if (seq < 1) throw new IllegalArgumentException("seq < 1");
    }
}
