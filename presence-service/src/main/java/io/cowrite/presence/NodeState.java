package io.cowrite.presence;

import io.cowrite.presence.api.Heartbeat;
import io.cowrite.presence.api.PresenceSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the registry knows of one editor node: its sessions, when it was last heard, whether it was
 * declared dead, and the heartbeat being assembled from its parts. Not thread-safe: the registry's lock
 * guards it.
 *
 * <p>Assembly: parts of the beat being assembled are collected until all arrived; a part of a newer beat
 * abandons an incomplete older one (a lost part is repaired by the next beat); parts of a beat already
 * complete or abandoned, and duplicates, are ignored. A part with another {@code started} is a new
 * incarnation of the node (it restarted and counts its beats from 0 again), so assembly starts over.
 */
final class NodeState {
    final String name;
    final Set<SessionKey> sessions = new HashSet<>();
    Instant lastHeard;
    boolean dead;

    private boolean beaten;
    private long started;
    private long lastComplete = -1;
    private long assembling = -1;
    private int parts;
    private final BitSet received = new BitSet();
    private List<PresenceSession> collected = new ArrayList<>();

    NodeState(String name, Instant now) {
        this.name = name;
        this.lastHeard = now;
    }

    /** Heard now: alive again if it was dead. */
    void heard(Instant now) {
        lastHeard = now;
        dead = false;
    }

    /**
     * Adds one part of a beat.
     *
     * @return the sessions of the whole beat when this part completed it, else null
     */
    List<PresenceSession> add(Heartbeat part) {
        if (!beaten || part.started() != started) {
            beaten = true;
            started = part.started();
            lastComplete = -1;
            startAssembly(part);
        } else if (part.beat() <= lastComplete || part.beat() < assembling) {
            return null;
        } else if (part.beat() > assembling || part.parts() != parts) {
            startAssembly(part);
        }
        if (received.get(part.part())) return null;
        received.set(part.part());
        collected.addAll(part.sessions());
        if (received.cardinality() < parts) return null;
        lastComplete = assembling;
        List<PresenceSession> beat = collected;
        collected = new ArrayList<>();
        received.clear();
        return beat;
    }

    private void startAssembly(Heartbeat part) {
        assembling = part.beat();
        parts = part.parts();
        received.clear();
        collected = new ArrayList<>();
    }
}
