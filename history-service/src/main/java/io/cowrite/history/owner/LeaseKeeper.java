package io.cowrite.history.owner;

import io.cowrite.history.store.StoreException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this replica's share of the shard leases, every {@code renewInterval}: heartbeat, renew what it
 * holds (a lease it could not renew is lost, and its documents stop at once), then balance: take free
 * or lapsed shards up to its fair share (all shards divided by the live replicas, rounded up), and hand
 * over the excess when a new replica joined. If storage cannot be reached for a whole lease term, every
 * lease is given up locally too, since it may have moved. Runs on one scheduler thread.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Leases leases;
    private final Sequencers sequencers;
    private final OwnerSettings settings;
    private final OwnerMetrics metrics;
    private final ScheduledExecutorService timer;
    private long lastRenewNanos = System.nanoTime();

    LeaseKeeper(Leases leases, Sequencers sequencers, OwnerSettings settings, OwnerMetrics metrics,
                ScheduledExecutorService timer) {
        this.leases = leases;
        this.sequencers = sequencers;
        this.settings = settings;
        this.metrics = metrics;
        this.timer = timer;
    }

    /** Runs the first round now (so a single replica owns every shard when it starts), then periodically. */
    public void start() {
        tick();
        long every = settings.renewInterval().toMillis();
        timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** One round: heartbeat, renew, balance. Public for tests that drive the clock themselves. */
    public void tick() {
        try {
            leases.heartbeat(settings.replicaId(), settings.leaseTtl());
            renew();
            balance();
        } catch (StoreException e) {
            LOG.warn("lease round failed: {}", e.getMessage());
            if (System.nanoTime() - lastRenewNanos > settings.leaseTtl().toNanos()) dropAll();
        } catch (RuntimeException e) {
            LOG.error("lease round failed", e);
        }
    }

    private void renew() {
        Map<Integer, Long> held = sequencers.epochs();
        Set<Integer> kept = leases.renew(settings.replicaId(), held, settings.leaseTtl());
        lastRenewNanos = System.nanoTime();
        for (int shard : held.keySet()) {
            if (!kept.contains(shard)) {
                LOG.warn("lost the lease of shard {} (it lapsed or moved)", shard);
                metrics.shardsLost.increment();
                sequencers.lost(shard);
            }
        }
    }

    private void balance() {
        int live = leases.liveReplicas(settings.leaseTtl());
        int share = (settings.shards() + live - 1) / live;
        Set<Integer> mine = sequencers.shards();
        if (mine.size() < share) take(share - mine.size());
        else if (mine.size() > share) handOver(mine.size() - share);
    }

    private void take(int wanted) {
        List<Integer> free = new ArrayList<>(leases.takeable(settings.shards()));
        free.removeAll(sequencers.shards());
        Collections.shuffle(free); // replicas starting together do not all race for shard 0
        for (int shard : free) {
            if (wanted == 0) return;
            OptionalLong epoch = leases.acquire(shard, settings.replicaId(), settings.leaseTtl());
            if (epoch.isPresent()) {
                LOG.info("took shard {} (epoch {})", shard, epoch.getAsLong());
                metrics.shardsTaken.increment();
                sequencers.took(shard, epoch.getAsLong());
                wanted--;
            }
        }
    }

    /** A new replica joined: give it shards, one round at a time, so the move is gradual. */
    private void handOver(int excess) {
        Map<Integer, Long> held = sequencers.epochs();
        List<Integer> shards = new ArrayList<>(held.keySet());
        Collections.shuffle(shards);
        for (int shard : shards.subList(0, Math.min(excess, shards.size()))) {
            LOG.info("handing shard {} over to balance the replicas", shard);
            sequencers.lost(shard);
            leases.release(shard, settings.replicaId(), held.get(shard));
            metrics.shardsReleased.increment();
        }
    }

    private void dropAll() {
        for (int shard : sequencers.shards()) {
            LOG.warn("storage unreachable for a whole lease term: giving up shard {}", shard);
            metrics.shardsLost.increment();
            sequencers.lost(shard);
        }
    }

    /**
     * Releases every lease (graceful stop), so other replicas take the shards at once. When the database
     * cannot be reached (a stop while PostgreSQL is down or unreachable), the first failure ends
     * the releases: the remaining leases expire by themselves within {@code lease-ttl}, and a stop never
     * waits for a connection once per shard.
     */
    @Override
    public void close() {
        Map<Integer, Long> held = sequencers.epochs();
        boolean reachable = true;
        int released = 0;
        for (Map.Entry<Integer, Long> e : held.entrySet()) {
            sequencers.lost(e.getKey());
            if (!reachable) continue;
            try {
                leases.release(e.getKey(), settings.replicaId(), e.getValue());
                released++;
            } catch (RuntimeException ex) { // a StoreException, or the pool already closed
                reachable = false;
                LOG.warn("could not release shard {} ({}); the other {} leases will expire by themselves within {}",
                        e.getKey(), ex.getMessage(), held.size() - released - 1, settings.leaseTtl());
            }
        }
        if (reachable && released > 0) LOG.info("released {} shard leases", released);
    }
}
