package io.cowrite.history.owner;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Shard leases and replica heartbeats: who owns which shard, at which epoch, until when. Implementations:
 * {@link PostgresLeases} (production: leases in PostgreSQL, expiry by its clock) and {@link InMemoryLeases}
 * (tests). Every method is thread-safe, blocking, and atomic on its own; failures are
 * {@link io.cowrite.history.store.StoreException}s.
 */
public interface Leases {

    /** Records that {@code replica} is alive, for {@link #liveReplicas}. */
    void heartbeat(String replica, Duration ttl);

    /** Replicas whose last heartbeat is younger than {@code ttl} (at least 1: the caller). */
    int liveReplicas(Duration ttl);

    /** Shards among {@code 0..shards-1} nobody holds: never taken, released, or expired. */
    Set<Integer> takeable(int shards);

    /**
     * Takes {@code shard} for {@code owner} until {@code ttl} from now, if nobody else holds it (or the
     * owner itself does, as after a restart under the same id), bumping its epoch. The new epoch, or
     * empty when another replica holds it. Atomic: two replicas never both get it.
     */
    OptionalLong acquire(int shard, String owner, Duration ttl);

    /**
     * Extends every lease of {@code held} (shard to epoch) that {@code owner} still holds at that epoch
     * and that has not expired. Returns the ones extended; the others are lost.
     */
    Set<Integer> renew(String owner, Map<Integer, Long> held, Duration ttl);

    /** Gives {@code shard} up at once (a graceful handoff), if {@code owner} still holds it at {@code epoch}. */
    void release(int shard, String owner, long epoch);
}
