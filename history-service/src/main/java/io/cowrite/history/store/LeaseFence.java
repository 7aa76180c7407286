package io.cowrite.history.store;

import java.util.Map;
import java.util.Set;

/** The lease check an in-memory store runs at commit (the PostgreSQL store reads the lease table itself). */
public interface LeaseFence {
    /** Of {@code expected} (shard to epoch), the shards {@code owner} does not hold at that epoch now. */
    Set<Integer> lost(String owner, Map<Integer, Long> expected);
}
