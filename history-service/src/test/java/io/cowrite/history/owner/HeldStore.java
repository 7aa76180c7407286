package io.cowrite.history.owner;

import io.cowrite.history.store.DocBatch;
import io.cowrite.history.store.HistoryStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A real store with a gate on commits, for deterministic races: while held, a commit waits before it
 * reaches the store, so a test knows exactly what is in flight and what queues behind it.
 */
final class HeldStore extends ForwardingStore {
    /** Every group commit that reached the store, in order. */
    final List<List<DocBatch>> commits = new CopyOnWriteArrayList<>();
    private final Semaphore gate = new Semaphore(0);
    private final Semaphore arrived = new Semaphore(0);
    private volatile boolean holding;

    HeldStore(HistoryStore real) {
        super(real);
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
}
