package io.cowrite.bus.history;

import java.util.List;

/**
 * The payload history-service publishes on {@code <prefix>.doc.<docId>} after each successful append
 * commit: the ops that batch committed (duplicates excluded), consecutive and in version order. One
 * message per batch. Core NATS may lose it: subscribers that see a version gap fetch the range.
 */
public record CommittedBatch(String doc, List<CommittedOp> ops) {
    public CommittedBatch {
        ops = List.copyOf(ops);
    }
}
