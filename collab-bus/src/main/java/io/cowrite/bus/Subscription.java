package io.cowrite.bus;

/** One subscription of a {@link Bus}. Thread-safe. */
public interface Subscription extends AutoCloseable {

    /** The subject (or pattern) subscribed to. */
    String subject();

    /** The queue group, or {@code null} for a plain subscription. */
    String queueGroup();

    /**
     * Messages dropped because this subscription's bounded queue was full (a slow consumer). Core NATS
     * is at-most-once: dropped messages are gone, and consumers detect gaps by version.
     */
    long dropped();

    /**
     * Stops delivery. Idempotent. Messages already queued may still be delivered until the handler
     * finishes the one it is running; none are delivered after this returns on the delivery thread.
     */
    void unsubscribe();

    /** Same as {@link #unsubscribe()}. */
    @Override
    default void close() {
        unsubscribe();
    }
}
