package io.cowrite.history.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process commit feed of single-process mode: the owner hands each batch object straight to
 * the followers of its document, on the publishing thread (followers only enqueue), with no encoding at
 * all. Never loses a batch and never reconnects. Fit for production in single-process mode only: it
 * does not cross processes. Thread-safe.
 */
public final class LocalCommitHub implements CommitFeed, CommitPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCommitHub.class);

    private final Map<String, List<Consumer<CommittedBatch>>> followers = new ConcurrentHashMap<>();
    private final List<Consumer<Heads>> headListeners = new CopyOnWriteArrayList<>();

    @Override
    public AutoCloseable follow(String doc, Consumer<CommittedBatch> listener) {
        followers.computeIfAbsent(doc, d -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> followers.computeIfPresent(doc, (d, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    @Override
    public AutoCloseable heads(Consumer<Heads> listener) {
        headListeners.add(listener);
        return () -> headListeners.remove(listener);
    }

    @Override
    public void onReconnect(Runnable listener) {
        // In process there is no connection to lose.
    }

    @Override
    public void publish(CommittedBatch batch) {
        for (Consumer<CommittedBatch> l : followers.getOrDefault(batch.doc(), List.of())) deliver(l, batch);
    }

    @Override
    public void publishHeads(Heads heads) {
        for (Consumer<Heads> l : headListeners) deliver(l, heads);
    }

    private static <T> void deliver(Consumer<T> listener, T value) {
        try {
            listener.accept(value);
        } catch (RuntimeException e) {
            LOG.error("a commit follower failed", e); // one follower must never cut off the others
        }
    }
}
