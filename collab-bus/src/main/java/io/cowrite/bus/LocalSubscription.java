package io.cowrite.bus;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link LocalBus} subscription: a bounded queue drained by at most one task at a time on the
 * shared executor, so delivery is serial and in enqueue order, and never on the publisher's thread.
 */
final class LocalSubscription implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSubscription.class);

    private final String subject;
    private final String queueGroup;
    private final MessageHandler handler;
    private final Executor executor;
    private final Consumer<LocalSubscription> onUnsubscribe;
    private final BlockingQueue<BusMessage> queue;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean active = true;

    LocalSubscription(String subject, String queueGroup, MessageHandler handler, int capacity,
                      Executor executor, Consumer<LocalSubscription> onUnsubscribe) {
        this.subject = subject;
        this.queueGroup = queueGroup;
        this.handler = handler;
        this.executor = executor;
        this.onUnsubscribe = onUnsubscribe;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Queues a message; drops and counts it when the queue is full (a slow consumer). */
    void enqueue(BusMessage message) {
        if (!active) return;
        if (!queue.offer(message)) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) LOG.warn("Slow consumer on {}: {} messages dropped", subject, n);
            return;
        }
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        BusMessage m;
        while (active && (m = queue.poll()) != null) {
            deliver(m);
        }
        draining.set(false);
        // A message enqueued after the last poll but before the flag was cleared must not be stranded.
        if (active && !queue.isEmpty()) scheduleDrain();
    }

    private void deliver(BusMessage m) {
        try {
            handler.onMessage(m);
        } catch (RuntimeException e) {
            LOG.error("Handler on {} failed", subject, e);
        }
    }

    boolean isActive() {
        return active;
    }

    @Override
    public String subject() {
        return subject;
    }

    @Override
    public String queueGroup() {
        return queueGroup;
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void unsubscribe() {
        if (active) {
            active = false;
            queue.clear();
            onUnsubscribe.accept(this);
        }
    }
}
