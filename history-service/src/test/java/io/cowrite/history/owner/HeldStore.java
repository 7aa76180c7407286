package io.cowrite.history.owner;

import io.cowrite.history.api.LoadResult;
import io.cowrite.history.api.RangeResult;
import io.cowrite.history.store.DocBatch;
import io.cowrite.history.store.HistoryStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A real store with a gate on commits, for deterministic races: while held, a commit waits before it
 * reaches the store, so a test knows exactly what is in flight and what queues behind it.
 */
final class HeldStore implements HistoryStore {
    private final HistoryStore real;
    /** Every group commit that reached the store, in order. */
    final List<List<DocBatch>> commits = new CopyOnWriteArrayList<>();
    private final Semaphore gate = new Semaphore(0);
    private final Semaphore arrived = new Semaphore(0);
    private volatile boolean holding;

    HeldStore(HistoryStore real) {
        this.real = real;
    }

    void hold() {
        gate.drainPermits();
        holding = true;
    }

    void open() {
        holding = false;
        gate.release(10_000);
    }

    /** Waits until {@code n} commits arrived at the gate since the hold. */
    void awaitArrivals(int n) throws InterruptedException {
        if (!arrived.tryAcquire(n, 10, TimeUnit.SECONDS)) throw new AssertionError("no commit arrived");
    }

    @Override
    public void commit(String owner, List<DocBatch> batches) {
        if (holding) {
            arrived.release();
            try {
                if (!gate.tryAcquire(30, TimeUnit.SECONDS)) throw new AssertionError("gate never opened");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        real.commit(owner, batches);
        commits.add(List.copyOf(batches));
    }

    @Override
    public LoadResult load(String doc) {
        return real.load(doc);
    }

    @Override
    public RangeResult range(String doc, long from, long toExclusive, int limit) {
        return real.range(doc, from, toExclusive, limit);
    }

    @Override
    public Map<String, Long> heads(Collection<String> docs) {
        return real.heads(docs);
    }

    @Override
    public SeqAt lastSeq(String doc, String clientId) {
        return real.lastSeq(doc, clientId);
    }

    @Override
    public OptionalLong versionOf(String doc, String clientId, long seq) {
        return real.versionOf(doc, clientId, seq);
    }
    @Override
    public io.cowrite.history.store.Milestone milestoneAtOrBelow(String doc, long version) {
        return real.milestoneAtOrBelow(doc, version);
    }

    @Override
    public long horizon(String doc) {
        return real.horizon(doc);
    }

    @Override
    public List<Compactable> compactable(java.time.Instant cutoff) {
        return real.compactable(cutoff);
    }

    @Override
    public boolean compact(String owner, int shard, long epoch, String doc, long milestone) {
        return real.compact(owner, shard, epoch, doc, milestone);
    }

    @Override
    public long compactedDocuments() {
        return real.compactedDocuments();
    }
}
