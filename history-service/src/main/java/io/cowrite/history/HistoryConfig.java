package io.cowrite.history;

import io.cowrite.history.owner.OwnerSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.UUID;

/**
 * {@code cowrite.history.*}. Documented in docs/operations.md.
 *
 * @param store             {@code postgres} (default) or {@code memory} (tests and demos only)
 * @param replicaId         this replica's name in the lease table (default: random); a stable one lets a
 *                          restarted replica take its own leases back without waiting for them to lapse
 * @param leaseTtl          lease term: a dead or paused owner's shards move within about this
 * @param renewInterval     how often leases are renewed and shards balanced
 * @param milestoneInterval store the full text every this many versions
 * @param maxRange          page size of range replies
 * @param maxReplay         transform window of the owner ({@code version_too_old} beyond); at least the editors' max-replay
 * @param maxBatchOps       most ops of one document in one group commit
 * @param maxPending        most submits waiting per document ({@code unavailable} beyond)
 * @param maxGroupDocs      most documents in one group-commit transaction
 * @param headsInterval     how often each shard publishes the heads of its recently written documents
 * @param headsWindow       how long after its last commit a document stays in those heartbeats
 * @param workers           threads serving reads (each may hold a JDBC connection: size the pool alike)
 * @param queue             reads queued beyond the workers before answering {@code overloaded}
 */
@ConfigurationProperties("cowrite.history")
public record HistoryConfig(
        @Bindable(defaultValue = "postgres") String store,
        @Bindable(defaultValue = "") String replicaId,
        @Bindable(defaultValue = "3s") Duration leaseTtl,
        @Bindable(defaultValue = "1s") Duration renewInterval,
        @Bindable(defaultValue = "100") int milestoneInterval,
        @Bindable(defaultValue = "500") int maxRange,
        @Bindable(defaultValue = "1000") int maxReplay,
        @Bindable(defaultValue = "256") int maxBatchOps,
        @Bindable(defaultValue = "10000") int maxPending,
        @Bindable(defaultValue = "500") int maxGroupDocs,
        @Bindable(defaultValue = "2s") Duration headsInterval,
        @Bindable(defaultValue = "30s") Duration headsWindow,
        @Bindable(defaultValue = "8") int workers,
        @Bindable(defaultValue = "1000") int queue) {

    /**
     * @param shards       {@code cowrite.shards}: shards documents are hashed into, the same on every replica and editor node
     * @param maxDocLength {@code cowrite.max-doc-length}: the longest document in code points, enforced here, announced by editors
     */
    public OwnerSettings ownerSettings(int shards, int maxDocLength) {
        String id = replicaId.isBlank() ? "history-" + UUID.randomUUID().toString().substring(0, 8) : replicaId;
        return new OwnerSettings(id, shards, leaseTtl, renewInterval, maxReplay, maxDocLength, milestoneInterval,
                maxBatchOps, maxPending, maxGroupDocs, headsInterval, headsWindow);
    }
}
