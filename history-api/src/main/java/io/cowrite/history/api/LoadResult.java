package io.cowrite.history.api;

import io.cowrite.core.protocol.CommittedOp;
import java.util.List;

/**
 * A document's latest milestone (the text at {@code milestoneVersion}; an unknown or young document
 * has the implicit milestone 0, {@code ""}) and the ops after it, in version order.
 * The text at the head is the milestone text with the ops applied.
 */
public record LoadResult(String doc, long milestoneVersion, String milestoneText, List<CommittedOp> ops) {
    public LoadResult {
        ops = List.copyOf(ops);
    }

    /** The document's head version. */
    public long head() {
        return milestoneVersion + ops.size();
    }
}
