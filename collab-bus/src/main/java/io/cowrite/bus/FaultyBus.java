package io.cowrite.bus;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Bus} decorator that loses and reorders a share of the messages delivered to plain
 * subscriptions whose subject starts with {@code affectedPrefix} (the documents' committed-op
 * subjects), the way NATS core may under a slow consumer or a reconnect. Requests, replies and
 * queue-group deliveries pass untouched. Seeded, so a failing run can be repeated.
 *
 * <p>For fault-injection tests only; NOT fit for production. Thread-safe.
 */
public final class FaultyBus implements Bus {
    private final Bus delegate;
    private final String affectedPrefix;
    private final double dropRate;
    private final double delayRate;
    private final Random random;
    private final ScheduledExecutorService delayer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("faulty-bus").factory());
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delayed = new AtomicLong();

    /**
     * @param dropRate  share of affected messages never delivered
     * @param delayRate share delivered 5 to 200 ms late, so that later messages overtake them
     */
    public FaultyBus(Bus delegate, String affectedPrefix, double dropRate, double delayRate, long seed) {
        this.delegate = delegate;
        this.affectedPrefix = affectedPrefix;
        this.dropRate = dropRate;
        this.delayRate = delayRate;
        this.random = new Random(seed);
    }

    public long dropped() {
        return dropped.get();
    }

    public long delayed() {
        return delayed.get();
    }

    @Override
    public Subscription subscribe(String subject, MessageHandler handler) {
        if (!subject.startsWith(affectedPrefix)) return delegate.subscribe(subject, handler);
        return delegate.subscribe(subject, m -> deliver(m, handler));
    }

    private void deliver(BusMessage m, MessageHandler handler) {
        double dice;
        int delayMs;
        synchronized (random) {
            dice = random.nextDouble();
            delayMs = 5 + random.nextInt(195);
        }
        if (dice < dropRate) {
            dropped.incrementAndGet();
        } else if (dice < dropRate + delayRate) {
            delayed.incrementAndGet();
            delayer.schedule(() -> handler.onMessage(m), delayMs, TimeUnit.MILLISECONDS);
        } else {
            handler.onMessage(m);
        }
    }

    @Override
    public Subscription subscribe(String subject, String queueGroup, MessageHandler handler) {
        return delegate.subscribe(subject, queueGroup, handler);
    }

    @Override
    public void publish(String subject, byte[] payload) {
        delegate.publish(subject, payload);
    }

    @Override
    public CompletableFuture<byte[]> request(String subject, byte[] payload, Duration timeout) {
        return delegate.request(subject, payload, timeout);
    }

    @Override
    public boolean isConnected() {
        return delegate.isConnected();
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        delegate.addConnectionListener(listener);
    }

    @Override
    public void close() {
        delayer.shutdownNow();
        delegate.close();
    }
}
