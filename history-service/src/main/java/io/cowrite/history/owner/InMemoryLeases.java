package io.cowrite.history.owner;

import io.cowrite.history.store.LeaseFence;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@link Leases} in memory, with an injectable clock so tests can let a lease lapse deterministically.
 * For tests and demos only (not shared across processes). One monitor guards everything. Also the
 * commit fence of {@link io.cowrite.history.store.InMemoryHistoryStore}.
 */
public final class InMemoryLeases implements Leases, LeaseFence {
    private final Clock clock;
    private final Map<Integer, Lease> leases = new HashMap<>();
    private final Map<String, Long> heartbeats = new HashMap<>();

    private record Lease(String owner, long epoch, long expiresAt) {
    }

    public InMemoryLeases(Clock clock) {
        this.clock = clock;
    }

    private long now() {
        return clock.millis();
    }

    @Override
    public synchronized void heartbeat(String replica, Duration ttl) {
        heartbeats.put(replica, now());
    }

    @Override
    public synchronized int liveReplicas(Duration ttl) {
        long since = now() - ttl.toMillis();
        return (int) Math.max(1, heartbeats.values().stream().filter(t -> t > since).count());
    }

    @Override
    public synchronized Set<Integer> takeable(int shards) {
        Set<Integer> out = new HashSet<>();
        for (int s = 0; s < shards; s++) {
            Lease l = leases.get(s);
            if (l == null || l.owner() == null || l.expiresAt() <= now()) out.add(s);
        }
        return out;
    }

    @Override
    public synchronized OptionalLong acquire(int shard, String owner, Duration ttl) {
        Lease l = leases.get(shard);
        if (l != null && l.owner() != null && l.expiresAt() > now() && !l.owner().equals(owner)) return OptionalLong.empty();
        long epoch = l == null ? 1 : l.epoch() + 1;
        leases.put(shard, new Lease(owner, epoch, now() + ttl.toMillis()));
        return OptionalLong.of(epoch);
    }

    @Override
    public synchronized Set<Integer> renew(String owner, Map<Integer, Long> held, Duration ttl) {
        Set<Integer> kept = new HashSet<>();
        held.forEach((shard, epoch) -> {
            Lease l = leases.get(shard);
            if (l != null && owner.equals(l.owner()) && l.epoch() == epoch && l.expiresAt() > now()) {
                leases.put(shard, new Lease(owner, epoch, now() + ttl.toMillis()));
                kept.add(shard);
            }
        });
        return kept;
    }

    @Override
    public synchronized void release(int shard, String owner, long epoch) {
        Lease l = leases.get(shard);
        if (l != null && owner.equals(l.owner()) && l.epoch() == epoch) leases.put(shard, new Lease(null, epoch, now()));
    }

    @Override
    public synchronized Set<Integer> lost(String owner, Map<Integer, Long> expected) {
        Set<Integer> lost = new HashSet<>();
        expected.forEach((shard, epoch) -> {
            Lease l = leases.get(shard);
            if (l == null || !owner.equals(l.owner()) || l.epoch() != epoch || l.expiresAt() <= now()) lost.add(shard);
        });
        return lost;
    }
}
