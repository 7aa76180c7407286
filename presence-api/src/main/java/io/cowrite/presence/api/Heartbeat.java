package io.cowrite.presence.api;

import java.util.List;

/**
 * One part of a node's heartbeat: the node's live sessions, {@link #MAX_SESSIONS} at most per message.
 * A beat is complete when all {@code parts} of the same {@code beat} arrived; presence-service then makes
 * the node's sessions exactly the beat's (which repairs lost joins and leaves).
 *
 * @param node     the editor node
 * @param beat     increases with every beat of this node (a restarted node starts again from 0)
 * @param started  when this node process started, epoch ms: tells a restart apart from a late beat
 * @param part     0-based
 * @param parts    at least 1
 * @param sessions the sessions of this part
 */
public record Heartbeat(String node, long beat, long started, int part, int parts, List<PresenceSession> sessions) {
    public static final int MAX_SESSIONS = 500;

    public Heartbeat {
        if (node == null || node.isEmpty()) throw new IllegalArgumentException("node is required");
        if (parts < 1 || part < 0 || part >= parts) throw new IllegalArgumentException("part must be in [0, parts)");
        sessions = List.copyOf(sessions);
        if (sessions.size() > MAX_SESSIONS) throw new IllegalArgumentException("at most " + MAX_SESSIONS + " sessions per part");
        for (PresenceSession s : sessions) {
            if (!s.node().equals(node)) throw new IllegalArgumentException("a heartbeat lists only its node's sessions");
        }
    }

    /** The parts of one beat of {@code node} listing {@code sessions}. */
    public static List<Heartbeat> of(String node, long beat, long started, List<PresenceSession> sessions) {
        int parts = Math.max(1, (sessions.size() + MAX_SESSIONS - 1) / MAX_SESSIONS);
        java.util.ArrayList<Heartbeat> out = new java.util.ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            out.add(new Heartbeat(node, beat, started, p, parts,
                    sessions.subList(p * MAX_SESSIONS, Math.min(sessions.size(), (p + 1) * MAX_SESSIONS))));
        }
        return out;
    }
}
