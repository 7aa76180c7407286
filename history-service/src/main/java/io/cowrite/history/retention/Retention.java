package io.cowrite.history.retention;

import io.cowrite.history.owner.Sequencers;
import io.cowrite.history.store.HistoryStore;
import io.cowrite.history.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts history past the horizon, every {@code interval}, on every replica, each for the documents of
 * the shards it owns (so two replicas never compact one document). Per document: the highest milestone
 * whose preceding op is older than the horizon is kept; the ops and milestones below it go.
 *
 * <p>Order matters for clients and submits: the document's sequencer raises its horizon first (from then
 * on a base below it is {@code version_too_old}, even while its ops are still in the owner's memory), and
 * only then does the store delete, in a transaction fenced by the shard's lease. Readers that ask for a
 * compacted range get {@code compacted} (editors answer such a resuming client with a resync snapshot).
 * Runs on one thread of its own; {@link #runOnce} may be called by tests.
 */
public final class Retention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    /** What {@code GET /api/history/retention} shows. */
    public record Status(Duration horizon, long compactedDocuments, Instant lastRun) {
    }

    private final HistoryStore store;
    private final Sequencers sequencers;
    private final String owner;
    private final Duration horizon;
    private final Duration interval;
    private final InstantSource clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("retention").daemon().factory());
    private volatile Instant lastRun;

    /** @param horizon null: keep everything (nothing is scheduled) */
    public Retention(HistoryStore store, Sequencers sequencers, String owner, Duration horizon, Duration interval,
                     InstantSource clock) {
        this.store = store;
        this.sequencers = sequencers;
        this.owner = owner;
        this.horizon = horizon;
        this.interval = interval;
        this.clock = clock;
    }

    public Retention start() {
        if (horizon == null) return this;
        long every = interval.toMillis();
        timer.scheduleWithFixedDelay(this::runQuietly, every, every, TimeUnit.MILLISECONDS);
        LOG.info("Retention: ops older than {} are compacted every {}", horizon, interval);
        return this;
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (StoreException e) {
            LOG.warn("retention round failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("retention round failed", e);
        }
    }

    /** One round over the documents of the shards owned now; the number of documents compacted. */
    public int runOnce() {
        if (horizon == null) return 0;
        Instant cutoff = clock.instant().minus(horizon);
        int compacted = 0;
        for (HistoryStore.Compactable c : store.compactable(cutoff)) {
            if (compact(c)) compacted++;
        }
        lastRun = clock.instant();
        if (compacted > 0) LOG.info("retention compacted {} documents (ops before {})", compacted, cutoff);
        return compacted;
    }

    private boolean compact(HistoryStore.Compactable c) {
        int shard = sequencers.shardOf(c.doc());
        Long epoch = sequencers.epochs().get(shard);
        if (epoch == null) return false; // another replica owns it
        if (!sequencers.raiseHorizon(c.doc(), c.milestone()).join()) return false;
        try {
            return store.compact(owner, shard, epoch, c.doc(), c.milestone());
        } catch (StoreException e) {
            if (e.kind() != StoreException.Kind.FENCED) throw e;
            LOG.info("retention skipped {}: the lease of shard {} moved", c.doc(), shard);
            return false;
        }
    }

    public Status status() {
        return new Status(horizon, store.compactedDocuments(), lastRun);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
