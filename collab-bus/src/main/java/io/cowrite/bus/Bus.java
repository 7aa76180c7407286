package io.cowrite.bus;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A subject-based message bus with publish/subscribe, queue groups and request/reply: the semantics
 * of core NATS (at-most-once, no persistence). Implementations: {@link NatsBus} (distributed mode)
 * and {@link LocalBus} (single-process mode and tests). PostgreSQL, not the bus, is the truth:
 * consumers detect lost messages by version gaps and fetch them from history-service.
 *
 * <p>Threading: every method is thread-safe. Handlers run on bus-owned delivery threads (see
 * {@link MessageHandler}); futures returned by {@link #request} complete on bus-owned threads, so
 * dependent stages must not block them for long.
 */
public interface Bus extends AutoCloseable {

    /**
     * Publishes {@code payload} to every plain subscription of {@code subject} and to one member of
     * each queue group on it.
     *
     * <p>Ordering: messages published from one bus instance (one connection) reach each subscription
     * in publish order. No order holds across publishers. Atomicity: one message is delivered whole or
     * not at all. At-most-once: a message may be lost (disconnect, slow consumer), never duplicated by
     * the bus; publishing twice delivers twice (no idempotency). Returns once the message is handed to
     * the bus (buffered while reconnecting), not when it is delivered.
     *
     * @throws BusException.Disconnected when the bus is closed or its reconnect buffer is full
     */
    void publish(String subject, byte[] payload);

    /**
     * Subscribes {@code handler} to {@code subject}. Never blocks. Delivery starts with the messages that
     * reach the broker after the subscription does; the subscription reaches it before anything this bus
     * instance sends later (one connection is ordered), so a request sent after subscribing is never
     * answered by a publish the subscription misses. Messages of one subscription are delivered serially.
     */
    Subscription subscribe(String subject, MessageHandler handler);

    /**
     * Subscribes as a member of {@code queueGroup}: each message on {@code subject} goes to exactly one
     * member of the group (across processes for {@link NatsBus}), which is how replicas share work.
     */
    Subscription subscribe(String subject, String queueGroup, MessageHandler handler);

    /**
     * Sends a request and completes with the first reply. Not idempotent: a {@link BusException.Timeout}
     * does not mean the responder did nothing, so requests that change state carry their own
     * idempotency key (history appends carry (clientId, seq)).
     *
     * @return a future that fails with {@link BusException.Timeout}, {@link BusException.NoResponders}
     *         (nobody subscribed; nothing was processed) or {@link BusException.Disconnected}
     *         (not connected when sent: fails fast instead of waiting out the timeout)
     */
    CompletableFuture<byte[]> request(String subject, byte[] payload, Duration timeout);

    /** True while connected to the broker (always true for an open {@link LocalBus}). */
    boolean isConnected();

    /** Registers a listener for connection changes. Events after registration only. Thread-safe. */
    void addConnectionListener(ConnectionListener listener);

    /** Closes the bus: subscriptions stop, pending requests fail with {@link BusException.Disconnected}. Idempotent. */
    @Override
    void close();
}
