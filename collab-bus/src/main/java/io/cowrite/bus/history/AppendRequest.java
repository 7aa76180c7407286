package io.cowrite.bus.history;

import java.util.List;
import java.util.Objects;

/**
 * Compare-and-set append of a batch: commit {@code ops}, in order, at versions
 * {@code expectedVersion, expectedVersion + 1, ...} if and only if the head is {@code expectedVersion}.
 * Ops whose (clientId, seq) is already committed are not applied again (they consume no version).
 */
public record AppendRequest(String doc, long expectedVersion, List<NewOp> ops) {
    public AppendRequest {
        Objects.requireNonNull(doc, "doc");
        ops = List.copyOf(ops);
    }
}
