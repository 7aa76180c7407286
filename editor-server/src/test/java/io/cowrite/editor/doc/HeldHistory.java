package io.cowrite.editor.doc;

import io.cowrite.bus.history.AppendRequest;
import io.cowrite.bus.history.AppendResult;
import io.cowrite.bus.history.CommittedOp;
import io.cowrite.bus.history.LoadResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The real history (over the bus) with hooks for deterministic races: appends can be held at a gate
 * before they are sent, and the next append can be made to "time out" after it committed.
 */
final class HeldHistory implements History {
    private final History real;
    final List<AppendRequest> appends = new CopyOnWriteArrayList<>();
    private final Semaphore gate = new Semaphore(0);
    private volatile boolean holding;
    private final Semaphore arrived = new Semaphore(0);
    private volatile boolean loseNextReply;
    final java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();

    HeldHistory(History real) {
        this.real = real;
    }

    /** From now on appends wait at the gate until {@link #release}. */
    void hold() {
        gate.drainPermits();
        holding = true;
    }

    /** Lets every held and future append through. */
    void open() {
        holding = false;
        gate.release(10_000);
    }

    /** Waits until {@code n} more appends arrived at the hook. */
    void awaitArrivals(int n) throws InterruptedException {
        if (!arrived.tryAcquire(n, 10, TimeUnit.SECONDS)) throw new AssertionError("appends did not arrive");
    }

    /** The next append commits but its reply is lost, as when a request times out after the commit. */
    void loseNextReply() {
        loseNextReply = true;
    }

    @Override
    public CompletableFuture<LoadResult> load(String doc) {
        loads.incrementAndGet();
        return real.load(doc);
    }

    @Override
    public CompletableFuture<List<CommittedOp>> range(String doc, long from, long toExclusive) {
        return real.range(doc, from, toExclusive);
    }

    @Override
    public CompletableFuture<Long> head(String doc) {
        return real.head(doc);
    }

    @Override
    public CompletableFuture<AppendResult> append(AppendRequest request) {
        appends.add(request);
        arrived.release();
        return CompletableFuture.supplyAsync(() -> {
            if (holding) gate.acquireUninterruptibly();
            return null;
        }).thenCompose(x -> real.append(request)).thenCompose(r -> {
            if (loseNextReply) {
                loseNextReply = false;
                return CompletableFuture.failedFuture(new java.util.concurrent.TimeoutException("reply lost"));
            }
            return CompletableFuture.completedFuture(r);
        });
    }
}
