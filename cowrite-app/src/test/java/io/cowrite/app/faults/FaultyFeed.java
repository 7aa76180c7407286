package io.cowrite.app.faults;

import io.cowrite.history.api.CommitFeed;
import io.cowrite.history.api.CommittedBatch;
import io.cowrite.history.api.Heads;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A commit feed that loses and reorders a share of the committed batches it delivers, the way core
 * NATS may under a slow consumer or a reconnect. Heartbeats pass. Seeded, so a failing run can be
 * repeated. For fault-injection tests only; NOT fit for production. Thread-safe.
 */
public final class FaultyFeed implements CommitFeed {
    private final CommitFeed delegate;
    private final double dropRate;
    private final double delayRate;
    private final Random random;
    private final ScheduledExecutorService delayer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("faulty-feed").factory());
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong delayed = new AtomicLong();

    /**
     * @param dropRate  share of batches never delivered
     * @param delayRate share delivered 5 to 200 ms late, so that later batches overtake them
     */
    public FaultyFeed(CommitFeed delegate, double dropRate, double delayRate, long seed) {
        this.delegate = delegate;
        this.dropRate = dropRate;
        this.delayRate = delayRate;
        this.random = new Random(seed);
    }

    @Override
    public AutoCloseable follow(String doc, Consumer<CommittedBatch> listener) {
        return delegate.follow(doc, batch -> {
            double dice;
            int delay;
            synchronized (random) {
                dice = random.nextDouble();
                delay = 5 + random.nextInt(196);
            }
            if (dice < dropRate) {
                dropped.incrementAndGet();
            } else if (dice < dropRate + delayRate) {
                delayed.incrementAndGet();
                delayer.schedule(() -> listener.accept(batch), delay, TimeUnit.MILLISECONDS);
            } else {
                listener.accept(batch);
            }
        });
    }

    @Override
    public AutoCloseable heads(Consumer<Heads> listener) {
        return delegate.heads(listener);
    }

    @Override
    public void onReconnect(Runnable listener) {
        delegate.onReconnect(listener);
    }
}
