package io.cowrite.editor.presence;

import io.cowrite.presence.api.PresenceEvent;
import io.cowrite.presence.api.Roster;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The editor node's presence port (docs/presence.md): what this node tells the registry about its own
 * sessions, and what it hears about the other nodes' sessions of the documents it has open. Presence is
 * advisory: nothing here may block or fail an edit. Implementations: {@link LocalPresence} (in process:
 * the single-process mode, and tests with several nodes in one JVM) and {@link BusPresence} (NATS and
 * presence-service). Thread-safe; listeners are called on implementation threads and must hand off.
 */
public interface Presence extends AutoCloseable {

    /** This node's name: events it publishes carry it, and it ignores events that come back with it. */
    String node();

    /**
     * Starts following {@code doc}: {@code listener} hears the other nodes' joins, cursor moves and leaves
     * (and expiries) from now on, until the returned handle is closed (the node's last session in the
     * document left).
     */
    AutoCloseable follow(String doc, Consumer<PresenceEvent> listener);

    /**
     * Everyone the registry knows in {@code doc}, on every node (this node's sessions included; callers
     * skip them), with their last cursors. Fails when the registry cannot answer. Ask after {@link #follow},
     * so that nothing said in between is missed.
     */
    CompletableFuture<Roster> roster(String doc);

    /** Tells everyone about one of this node's sessions: it joined, moved its cursor, or left. Never blocks. */
    void publish(PresenceEvent event);

    /** True while the registry is reachable; when false, rosters may be incomplete and dead nodes linger. */
    boolean isAvailable();

    /** {@code listener} hears every change of {@link #isAvailable()} (true when it comes back). */
    void onAvailability(Consumer<Boolean> listener);

    @Override
    void close();
}
