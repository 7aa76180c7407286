package io.cowrite.history.owner;

import java.time.Duration;

/**
 * How a history-service replica owns documents.
 *
 * @param replicaId         this replica's name in the lease table (stable across restarts lets a restarted
 *                          replica take its own leases back at once)
 * @param shards            number of shards documents are hashed into (the same on every replica and editor)
 * @param leaseTtl          how long a lease lasts unless renewed: a dead owner's shards move within about this
 * @param renewInterval     how often leases are renewed and shards balanced
 * @param maxReplay         the transform window: an op whose base is further behind is {@code version_too_old}
 * @param maxDocLength      the longest document, in code points ({@code doc_too_large} beyond)
 * @param milestoneInterval a milestone (the whole text) every this many versions
 * @param maxBatchOps       the most ops of one document in one group commit
 * @param maxPending        the most submits waiting per document ({@code unavailable} beyond)
 * @param maxGroupDocs      the most documents in one group-commit transaction
 * @param headsInterval     how often each shard's recent heads are published
 * @param headsWindow       how long after its last commit a document stays in its shard's heartbeats
 */
public record OwnerSettings(String replicaId, int shards, Duration leaseTtl, Duration renewInterval, int maxReplay,
                            int maxDocLength, int milestoneInterval, int maxBatchOps, int maxPending, int maxGroupDocs,
                            Duration headsInterval, Duration headsWindow) {
}
