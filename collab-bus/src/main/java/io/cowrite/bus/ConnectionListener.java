package io.cowrite.bus;

/**
 * Told when a bus's connection changes, so that editor nodes know when NATS is down (they then stop
 * acking, and resync from history-service once {@link ConnectionEvent#RECONNECTED}).
 *
 * <p>Threading: called on a bus-internal thread; must return quickly and must not call back into the
 * bus synchronously with a blocking operation.
 */
@FunctionalInterface
public interface ConnectionListener {
    void onEvent(ConnectionEvent event);
}
