package io.cowrite.history.api;

import io.cowrite.core.protocol.CommittedOp;
import java.util.List;

/**
 * What a document's owner publishes after each commit: the ops that commit added to {@code doc},
 * consecutive and in version order. Delivery is at most once (core NATS may lose it): followers that
 * see a version gap, or learn a higher head from a {@link Heads} heartbeat, fetch the range.
 */
public record CommittedBatch(String doc, List<CommittedOp> ops) {
    public CommittedBatch {
        ops = List.copyOf(ops);
    }
}
