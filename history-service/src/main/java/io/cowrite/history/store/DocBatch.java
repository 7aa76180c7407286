package io.cowrite.history.store;

import io.cowrite.core.protocol.CommittedOp;
import java.util.List;

/**
 * What one document adds in a group commit: {@code ops} at consecutive versions from
 * {@code expectedHead} (its head before), the milestones they cross, and the lease ({@code shard},
 * {@code epoch}) under which its owner sequenced them.
 */
public record DocBatch(String doc, int shard, long epoch, long expectedHead, List<CommittedOp> ops,
                       List<Milestone> milestones) {
    public DocBatch {
        ops = List.copyOf(ops);
        milestones = List.copyOf(milestones);
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).version() != expectedHead + i) throw new IllegalArgumentException("ops must follow the head");
        }
    }

    public long newHead() {
        return expectedHead + ops.size();
    }
}
