package io.cowrite.history.api;

import io.cowrite.core.protocol.CommittedOp;
import java.util.List;

/**
 * One page of a range: consecutive ops starting at the requested {@code from}. {@code more} says the
 * page was cut at the server's page size before {@code toExclusive} or the head; ask again from
 * {@code from + ops.size()}. {@code head} is the document's head when the page was read.
 */
public record RangeResult(String doc, List<CommittedOp> ops, boolean more, long head) {
    public RangeResult {
        ops = List.copyOf(ops);
    }
}
