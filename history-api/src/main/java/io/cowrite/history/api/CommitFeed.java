package io.cowrite.history.api;

import java.util.function.Consumer;

/**
 * Committed batches and head heartbeats as editor nodes receive them. At most once: a batch or a
 * heartbeat may be lost (core NATS, a reconnect), never duplicated by the feed; followers detect
 * losses by version and fetch them from {@link HistoryReader}. Implementations: {@link BusCommitFeed}
 * and {@link LocalCommitHub} (single process).
 *
 * <p>Threading: listeners run on a feed delivery thread shared by many documents, one call at a time
 * per subscription and in publish order; they must not block (hand off to the document's executor).
 */
public interface CommitFeed {

    /**
     * Delivers the batches committed on {@code doc} from now on, until the returned handle is closed.
     * Never blocks. A read of {@link HistoryReader} issued after this returns cannot miss a batch that
     * this subscription misses: whatever it does not deliver was committed before that read.
     */
    AutoCloseable follow(String doc, Consumer<CommittedBatch> listener);

    /** Delivers every shard's head heartbeats until the handle is closed. */
    AutoCloseable heads(Consumer<Heads> listener);

    /** Calls {@code listener} after the feed reconnected: anything published meanwhile was lost. */
    void onReconnect(Runnable listener);
}
