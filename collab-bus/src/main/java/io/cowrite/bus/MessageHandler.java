package io.cowrite.bus;

/**
 * Receives messages of one {@link Subscription}.
 *
 * <p>Threading: called on a bus delivery thread, never on the publisher's thread and never concurrently
 * with itself for one subscription. Messages arrive in the order one connection published them. A
 * handler must not block (no JDBC, no waiting on a request): {@link NatsBus} delivers every subscription
 * on one shared thread, so a blocked handler stalls them all. Hand slow work to an executor. While it
 * runs, further messages queue in a bounded queue, and messages that overflow it are dropped (see
 * {@link Subscription#dropped()}).
 */
@FunctionalInterface
public interface MessageHandler {
    /** Handles one message. An exception thrown here is logged and the next message is delivered. */
    void onMessage(BusMessage message);
}
