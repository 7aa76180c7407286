package io.cowrite.bus;

/** What happened to a bus's connection to its broker. */
public enum ConnectionEvent {
    /** The first connection succeeded. */
    CONNECTED,
    /** The connection was lost; the bus keeps trying to reconnect, publishes are buffered (bounded). */
    DISCONNECTED,
    /** The connection is back; subscriptions are restored. Messages published meanwhile by others may be lost. */
    RECONNECTED,
    /** The bus was closed for good. */
    CLOSED
}
