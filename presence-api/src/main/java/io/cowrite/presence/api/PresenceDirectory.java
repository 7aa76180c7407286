package io.cowrite.presence.api;

/**
 * The presence registry as an in-process service: presence-service's registry implements it, and the
 * single-process mode's editor talks to it directly (no bus, no encoding). Thread-safe.
 */
public interface PresenceDirectory {
    /** Records one node's event about one of its sessions; true when it changed what the registry knows. */
    boolean apply(PresenceEvent event);

    /** Everyone in {@code doc}, on every node, with their last cursors. */
    Roster roster(String doc);
}
