package io.cowrite.history.owner;

import io.cowrite.core.ot.TextOp;
import io.cowrite.history.MutableClock;
import io.cowrite.history.Ops;
import io.cowrite.history.api.CommittedBatch;
import io.cowrite.history.api.LocalCommitHub;
import io.cowrite.history.api.Submit;
import io.cowrite.history.api.SubmitResult;
import io.cowrite.history.store.HistoryStore;
import io.cowrite.history.store.InMemoryHistoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Owner replicas over one in-memory store and lease table, with a clock the test moves. Leases are
 * renewed only when a test calls {@link LeaseKeeper#tick()} (the periodic round is an hour away), so
 * lapses and takeovers happen exactly when the test says.
 */
final class OwnerFixture implements AutoCloseable {
    static final Duration TTL = Duration.ofSeconds(3);
    static final int SHARDS = 4;

    final MutableClock clock = new MutableClock();
    final InMemoryLeases leases = new InMemoryLeases(clock);
    final HeldStore store;
    final LocalCommitHub hub = new LocalCommitHub();
    final List<CommittedBatch> published = new CopyOnWriteArrayList<>();
    private final List<OwnerNode> nodes = new ArrayList<>();

    OwnerFixture() {
        this(s -> s);
    }

    /** @param wrap wraps the real store (to inject storage faults) */
    OwnerFixture(Function<HistoryStore, HistoryStore> wrap) {
        this.store = new HeldStore(wrap.apply(new InMemoryHistoryStore(leases)));
    }

    /** Releases fail as when the database is gone; {@link #releaseAttempts} counts the tries. */
    volatile boolean releasesFail;
    final java.util.concurrent.atomic.AtomicInteger releaseAttempts = new java.util.concurrent.atomic.AtomicInteger();

    /** The replicas' view of {@link #leases}, whose releases can be made to fail. */
    private final Leases replicaLeases = new Leases() {
        @Override public void heartbeat(String replica, Duration ttl) { leases.heartbeat(replica, ttl); }
        @Override public int liveReplicas(Duration ttl) { return leases.liveReplicas(ttl); }
        @Override public java.util.Set<Integer> takeable(int shards) { return leases.takeable(shards); }
        @Override public java.util.OptionalLong acquire(int shard, String owner, Duration ttl) { return leases.acquire(shard, owner, ttl); }
        @Override public java.util.Set<Integer> renew(String owner, java.util.Map<Integer, Long> held, Duration ttl) {
            return leases.renew(owner, held, ttl);
        }
        @Override public void release(int shard, String owner, long epoch) {
            releaseAttempts.incrementAndGet();
            if (releasesFail) throw new io.cowrite.history.store.StoreException(io.cowrite.history.store.StoreException.Kind.RETRYABLE, "the database is gone", null);
            leases.release(shard, owner, epoch);
        }
    };

    OwnerNode replica(String id) {
        return replica(id, 1000, 1_000_000);
    }

    OwnerNode replica(String id, int maxReplay, int maxDocLength) {
        OwnerSettings settings = new OwnerSettings(id, SHARDS, TTL, Duration.ofHours(1), maxReplay, maxDocLength, 4,
                256, 10_000, 500, Duration.ofMillis(50), Duration.ofSeconds(30));
        OwnerNode node = new OwnerNode(store, replicaLeases, new io.cowrite.history.api.CommitPublisher() {
            @Override
            public void publish(CommittedBatch batch) {
                published.add(batch);
                hub.publish(batch);
            }

            @Override
            public void publishHeads(io.cowrite.history.api.Heads heads) {
                hub.publishHeads(heads);
            }
        }, settings, clock).start();
        nodes.add(node);
        return node;
    }

    static SubmitResult submit(OwnerNode node, String doc, long base, String client, long seq, TextOp op) throws Exception {
        return send(node, doc, base, client, seq, op).get(10, TimeUnit.SECONDS);
    }

    static java.util.concurrent.CompletableFuture<SubmitResult> send(OwnerNode node, String doc, long base, String client,
                                                                      long seq, TextOp op) {
        return node.sequencers().submit(new Submit(doc, base, client, seq, "author-" + client, op));
    }

    String text(String doc) {
        return Ops.text(store.load(doc));
    }

    @Override
    public void close() throws Exception {
        store.open();
        for (OwnerNode n : nodes) n.close();
    }
}
