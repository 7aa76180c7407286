package io.cowrite.history.owner;

import io.cowrite.history.api.CommitPublisher;
import io.cowrite.history.api.CommittedBatch;
import io.cowrite.history.api.Heads;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes what this replica commits: each batch once, at commit, and per shard a periodic heartbeat
 * of the heads of the documents that committed within the heads window. A follower that lost a batch
 * (core NATS is at most once) learns from the next heartbeat that it is behind. An idle shard
 * publishes nothing. Thread-safe.
 */
final class Announcer {
    private record Head(long head, long atNanos) {
    }

    private final CommitPublisher publisher;
    private final long windowNanos;
    private final Map<Integer, Map<String, Head>> recentByShard = new ConcurrentHashMap<>();

    Announcer(CommitPublisher publisher, Duration window) {
        this.publisher = publisher;
        this.windowNanos = window.toNanos();
    }

    void committed(int shard, CommittedBatch batch) {
        publisher.publish(batch);
        long head = batch.ops().get(batch.ops().size() - 1).version() + 1;
        recentByShard.computeIfAbsent(shard, s -> new ConcurrentHashMap<>()).put(batch.doc(), new Head(head, System.nanoTime()));
    }

    /** Publishes one heartbeat per shard with recent commits, and forgets documents idle past the window. */
    void beat() {
        long now = System.nanoTime();
        recentByShard.forEach((shard, docs) -> {
            docs.values().removeIf(h -> now - h.atNanos() > windowNanos);
            if (docs.isEmpty()) return;
            Map<String, Long> heads = new HashMap<>();
            docs.forEach((doc, h) -> heads.put(doc, h.head()));
            publisher.publishHeads(new Heads(shard, heads));
        });
    }

    void forget(int shard) {
        recentByShard.remove(shard);
    }
}
