package io.cowrite.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.history.owner.Leases;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The contract of every {@link Leases}; run against the in-memory and the PostgreSQL one. */
public abstract class LeasesContract {
    private static final AtomicInteger SHARDS = new AtomicInteger(100);
    protected static final Duration LONG = Duration.ofMinutes(5);

    protected abstract Leases leases();

    /** Lets {@code shard}'s lease of {@code ttl} lapse: a clock moved, or real time passed. */
    protected abstract void lapse(Leases leases, int shard, Duration ttl);

    private final Leases leases = leases();
    private final int shard = SHARDS.incrementAndGet();

    @Test
    void aFreeShardIsTakenByOneReplicaOnly() {
        OptionalLong a = leases.acquire(shard, "a", LONG);
        assertTrue(a.isPresent());
        assertFalse(leases.acquire(shard, "b", LONG).isPresent());
        assertFalse(leases.takeable(shard + 1).contains(shard));
    }

    @Test
    void aLapsedLeaseMovesWithAHigherEpoch() {
        Duration ttl = Duration.ofMillis(300);
        long first = leases.acquire(shard, "a", ttl).orElseThrow();
        lapse(leases, shard, ttl);
        assertTrue(leases.takeable(shard + 1).contains(shard));
        long second = leases.acquire(shard, "b", LONG).orElseThrow();
        assertTrue(second > first);
        assertEquals(Set.of(), leases.renew("a", Map.of(shard, first), LONG), "the old owner cannot renew");
        assertEquals(Set.of(shard), leases.renew("b", Map.of(shard, second), LONG));
    }

    @Test
    void aReleasedShardIsTakeableAtOnce() {
        long epoch = leases.acquire(shard, "a", LONG).orElseThrow();
        leases.release(shard, "a", epoch);
        assertTrue(leases.acquire(shard, "b", LONG).isPresent());
    }

    @Test
    void aRestartedReplicaTakesItsOwnLeaseBackWithANewEpoch() {
        long epoch = leases.acquire(shard, "a", LONG).orElseThrow();
        long again = leases.acquire(shard, "a", LONG).orElseThrow();
        assertTrue(again > epoch, "the old incarnation is fenced off");
        assertEquals(Set.of(), leases.renew("a", Map.of(shard, epoch), LONG));
    }

    @Test
    void liveReplicasCountHeartbeats() {
        String me = "live-" + shard;
        leases.heartbeat(me, LONG);
        assertTrue(leases.liveReplicas(LONG) >= 1);
    }
}
