package io.cowrite.history.owner;

import io.cowrite.history.api.CommitPublisher;
import io.cowrite.history.api.ShardMap;
import io.cowrite.history.store.HistoryStore;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This replica as a documents' owner: the sequencers, the group committer, the announcer of commits
 * and heads, and the lease keeper, started and stopped together. Document executors run on virtual
 * threads; the committer has its own thread; leases and heartbeats share one timer thread.
 */
public final class OwnerNode implements AutoCloseable {
    private final Sequencers sequencers;
    private final GroupCommitter committer;
    private final LeaseKeeper keeper;
    private final Announcer announcer;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("owner-timer").daemon().factory());
    private final OwnerSettings settings;
    private final OwnerMetrics metrics = new OwnerMetrics();

    public OwnerNode(HistoryStore store, Leases leases, CommitPublisher publisher, OwnerSettings settings, InstantSource clock) {
        this.settings = settings;
        this.announcer = new Announcer(publisher, settings.headsWindow());
        this.committer = new GroupCommitter(store, settings.replicaId(), settings.maxGroupDocs(), metrics);
        this.sequencers = new Sequencers(new ShardMap(settings.shards()), store, committer, announcer, settings, pool, clock);
        this.keeper = new LeaseKeeper(leases, sequencers, settings, metrics, timer);
    }

    /** Takes this replica's first shards now, then keeps leases and publishes heads periodically. */
    public OwnerNode start() {
        keeper.start();
        long heads = settings.headsInterval().toMillis();
        timer.scheduleWithFixedDelay(announcer::beat, heads, heads, TimeUnit.MILLISECONDS);
        return this;
    }

    public Sequencers sequencers() {
        return sequencers;
    }

    public LeaseKeeper keeper() {
        return keeper;
    }

    /** Batches queued for the group committer behind the transaction in flight. */
    int queuedBatches() {
        return committer.queued();
    }

    public OwnerMetrics metrics() {
        return metrics;
    }

    public OwnerSettings settings() {
        return settings;
    }

    /** Gives every lease up (other replicas take the shards at once) and stops. */
    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        keeper.close();
        committer.close();
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
