package io.cowrite.presence;

import io.cowrite.presence.api.Heartbeat;
import io.cowrite.presence.api.PresenceEvent;
import io.cowrite.presence.api.PresenceSession;
import io.cowrite.presence.api.Roster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Who is in which document, on which node, with what cursor: document → sessions, user → sessions,
 * node → sessions and when it was last heard. Plain Java: the bus endpoint feeds it in the distributed
 * mode, the editor calls it directly in the single process. Fit for production.
 *
 * <p>Rules (docs/presence.md): a {@code join} adds a session (again: replaces it, keeping its cursor); a
 * {@code cursor} updates a known session's latest cursor; a {@code leave} removes a known session, and
 * one of an unknown session does nothing (replicas both publish expiries, receivers apply them once).
 * Events and heartbeats that name a node make it alive again, except expiries, which only ever remove.
 * When all parts of one heartbeat arrived, the node's sessions become exactly the beat's ({@link
 * #heartbeat}); a node silent for longer than {@code nodeTtl} is dead and its sessions expire
 * ({@link #sweep}). After it is created, and after {@link #rewarm}, the registry is not warm for
 * {@code nodeTtl}: it has not heard every node yet, so it expires nothing.
 *
 * <p>Threading: every method is thread-safe and atomic (one lock; each call is short: map updates, or a
 * pass over one node's sessions or one document's). Results are snapshots.
 */
public final class PresenceRegistry implements io.cowrite.presence.api.PresenceDirectory {
    /** Dead nodes stay listed in {@link #counts} for this many {@code nodeTtl}s, then are forgotten. */
    static final int FORGET_DEAD_AFTER_TTLS = 10;

    private static final Comparator<PresenceSession> BY_SINCE =
            Comparator.comparingLong(PresenceSession::since).thenComparing(PresenceSession::session);

    private final Object lock = new Object();
    private final Clock clock;
    private final Duration nodeTtl;
    private final PresenceStats stats;
    private final Map<String, Map<String, Entry>> byDoc = new HashMap<>();
    private final Map<String, Set<SessionKey>> byUser = new HashMap<>();
    private final Map<String, NodeState> nodes = new HashMap<>();
    private int sessionCount;
    private Instant warmFrom;

    /** One session and its latest cursor (null until it sent one). */
    private static final class Entry {
        PresenceSession who;
        PresenceEvent.Moved cursor;

        Entry(PresenceSession who) {
            this.who = who;
        }
    }

    /**
     * @param clock   the time of heartbeats and events (use a {@link MonotonicClock} in production)
     * @param nodeTtl a node silent for longer than this is dead; also the warm-up
     */
    public PresenceRegistry(Clock clock, Duration nodeTtl, PresenceStats stats) {
        if (nodeTtl.isNegative() || nodeTtl.isZero()) throw new IllegalArgumentException("node-ttl must be positive");
        this.clock = clock;
        this.nodeTtl = nodeTtl;
        this.stats = stats;
        this.warmFrom = clock.instant();
    }

    /**
     * Applies one event from a document's subject.
     *
     * @return true when it changed the registry (false: a cursor or leave of an unknown session, or of
     *         a session another node holds)
     */
    @Override
    public boolean apply(PresenceEvent event) {
        synchronized (lock) {
            return switch (event) {
                case PresenceEvent.Joined j -> {
                    heard(j.node());
                    put(j.who());
                    yield true;
                }
                case PresenceEvent.Moved m -> {
                    Entry e = heldBy(m.doc(), m.session(), m.node());
                    if (e == null) yield false;
                    heard(m.node());
                    e.cursor = m;
                    yield true;
                }
                case PresenceEvent.Left l -> {
                    if (heldBy(l.doc(), l.session(), l.node()) == null) yield false;
                    if (!PresenceEvent.Left.EXPIRED.equals(l.reason())) heard(l.node());
                    remove(new SessionKey(l.doc(), l.session()), l.reason());
                    yield true;
                }
            };
        }
    }

    /**
     * Takes one part of a node's heartbeat: the node is alive. When the part completes its beat, the
     * node's sessions become exactly the beat's.
     *
     * @return what completing the beat changed: a {@code join} per session added (a lost join, or a
     *         registry that is warming up), a {@code leave} (reason {@code left}) per session removed (a lost
     *         leave); empty while the beat is incomplete
     */
    public List<PresenceEvent> heartbeat(Heartbeat part) {
        synchronized (lock) {
            NodeState node = heard(part.node());
            List<PresenceSession> beat = node.add(part);
            return beat == null ? List.of() : reconcile(node, beat);
        }
    }

    private List<PresenceEvent> reconcile(NodeState node, List<PresenceSession> beat) {
        Map<SessionKey, PresenceSession> wanted = new LinkedHashMap<>();
        for (PresenceSession s : beat) wanted.put(new SessionKey(s.doc(), s.session()), s);
        List<PresenceEvent> changes = new ArrayList<>();
        for (SessionKey k : List.copyOf(node.sessions)) {
            if (wanted.containsKey(k)) continue;
            remove(k, PresenceEvent.Left.LEFT);
            changes.add(new PresenceEvent.Left(k.doc(), k.session(), node.name, PresenceEvent.Left.LEFT));
        }
        for (PresenceSession s : wanted.values()) {
            if (put(s)) changes.add(new PresenceEvent.Joined(s));
        }
        return changes;
    }

    /**
     * Expires the nodes silent for longer than {@code nodeTtl} at {@code now}: each of their sessions is
     * removed. Does nothing while the registry is not warm. Forgets nodes dead for long.
     *
     * @return a {@code leave} with reason {@code expired} per session removed, for the endpoint to publish
     */
    public List<PresenceEvent.Left> sweep(Instant now) {
        synchronized (lock) {
            if (now.isBefore(warmFrom.plus(nodeTtl))) return List.of();
            List<PresenceEvent.Left> expired = new ArrayList<>();
            Duration forget = nodeTtl.multipliedBy(FORGET_DEAD_AFTER_TTLS);
            for (Iterator<NodeState> it = nodes.values().iterator(); it.hasNext(); ) {
                NodeState node = it.next();
                Duration silent = Duration.between(node.lastHeard, now);
                if (!node.dead && silent.compareTo(nodeTtl) > 0) {
                    node.dead = true;
                    for (SessionKey k : List.copyOf(node.sessions)) {
                        remove(k, PresenceEvent.Left.EXPIRED);
                        expired.add(new PresenceEvent.Left(k.doc(), k.session(), node.name, PresenceEvent.Left.EXPIRED));
                    }
                } else if (node.dead && node.sessions.isEmpty() && silent.compareTo(forget) > 0) {
                    it.remove();
                }
            }
            return expired;
        }
    }

    /** True once {@code nodeTtl} passed since the registry was created or last {@link #rewarm rewarmed}. */
    public boolean isWarm() {
        synchronized (lock) {
            return !clock.instant().isBefore(warmFrom.plus(nodeTtl));
        }
    }

    /**
     * Starts the warm-up again, now: for a replica that was cut off from the bus and may have missed
     * heartbeats (it would otherwise expire nodes it merely did not hear, and answer with what it missed).
     */
    public void rewarm() {
        synchronized (lock) {
            warmFrom = clock.instant();
        }
    }

    /** Everyone in {@code doc}, by when they joined, with their latest cursors. */
    @Override
    public Roster roster(String doc) {
        synchronized (lock) {
            Map<String, Entry> entries = byDoc.getOrDefault(doc, Map.of());
            List<PresenceSession> sessions = new ArrayList<>(entries.size());
            List<PresenceEvent.Moved> cursors = new ArrayList<>();
            for (Entry e : entries.values()) sessions.add(e.who);
            sessions.sort(BY_SINCE);
            for (PresenceSession s : sessions) {
                PresenceEvent.Moved c = entries.get(s.session()).cursor;
                if (c != null) cursors.add(c);
            }
            return new Roster(doc, sessions, cursors);
        }
    }

    /** The latest cursor of a session, or null. */
    public PresenceEvent.Moved cursor(String doc, String session) {
        synchronized (lock) {
            Entry e = byDoc.getOrDefault(doc, Map.of()).get(session);
            return e == null ? null : e.cursor;
        }
    }

    /** Every session of {@code user} in every document, by document, then by when they joined. */
    public List<PresenceSession> sessionsOfUser(String user) {
        synchronized (lock) {
            List<PresenceSession> out = new ArrayList<>();
            for (SessionKey k : byUser.getOrDefault(user, Set.of())) out.add(byDoc.get(k.doc()).get(k.session()).who);
            out.sort(Comparator.comparing(PresenceSession::doc).thenComparing(BY_SINCE));
            return out;
        }
    }

    /** Totals, every known node, and the {@code topDocuments} documents with the most sessions. */
    public PresenceCounts counts(int topDocuments) {
        synchronized (lock) {
            Instant now = clock.instant();
            List<PresenceCounts.NodeCount> nodeCounts = new ArrayList<>(nodes.size());
            for (NodeState n : nodes.values()) {
                nodeCounts.add(new PresenceCounts.NodeCount(n.name, !n.dead, n.sessions.size(),
                        Math.max(0, Duration.between(n.lastHeard, now).toMillis())));
            }
            nodeCounts.sort(Comparator.comparing(PresenceCounts.NodeCount::node));
            return new PresenceCounts(!now.isBefore(warmFrom.plus(nodeTtl)), sessionCount, byDoc.size(), nodeCounts,
                    top(topDocuments));
        }
    }

    private List<PresenceCounts.DocumentCount> top(int n) {
        Comparator<PresenceCounts.DocumentCount> most = Comparator.comparingInt(PresenceCounts.DocumentCount::sessions)
                .reversed().thenComparing(PresenceCounts.DocumentCount::doc);
        PriorityQueue<PresenceCounts.DocumentCount> heap = new PriorityQueue<>(most.reversed()); // the least on top
        for (Map.Entry<String, Map<String, Entry>> d : byDoc.entrySet()) {
            heap.add(new PresenceCounts.DocumentCount(d.getKey(), d.getValue().size()));
            if (heap.size() > n) heap.poll();
        }
        List<PresenceCounts.DocumentCount> out = new ArrayList<>(heap);
        out.sort(most);
        return out;
    }

    /** Sessions in all documents. */
    public int sessions() {
        synchronized (lock) {
            return sessionCount;
        }
    }

    /** Documents with at least one session. */
    public int documents() {
        synchronized (lock) {
            return byDoc.size();
        }
    }

    /** Nodes heard within {@code nodeTtl} (as of the last sweep). */
    public int liveNodes() {
        synchronized (lock) {
            int n = 0;
            for (NodeState node : nodes.values()) if (!node.dead) n++;
            return n;
        }
    }

    // ---- the indexes; callers hold the lock

    private NodeState heard(String node) {
        Instant now = clock.instant();
        NodeState n = nodes.computeIfAbsent(node, name -> new NodeState(name, now));
        n.heard(now);
        return n;
    }

    private Entry heldBy(String doc, String session, String node) {
        Entry e = byDoc.getOrDefault(doc, Map.of()).get(session);
        return e != null && e.who.node().equals(node) ? e : null;
    }

    /** Adds or replaces a session; a replacement on the same node keeps its cursor. True when it was new. */
    private boolean put(PresenceSession who) {
        SessionKey k = new SessionKey(who.doc(), who.session());
        Map<String, Entry> doc = byDoc.computeIfAbsent(who.doc(), d -> new LinkedHashMap<>());
        Entry old = doc.get(who.session());
        if (old != null && old.who.equals(who)) return false;
        Entry e = new Entry(who);
        if (old != null) {
            unindex(k, old.who);
            if (old.who.node().equals(who.node())) e.cursor = old.cursor;
        } else {
            sessionCount++;
            stats.joins.increment();
        }
        doc.put(who.session(), e);
        nodes.computeIfAbsent(who.node(), name -> new NodeState(name, clock.instant())).sessions.add(k);
        if (who.user() != null) byUser.computeIfAbsent(who.user(), u -> new HashSet<>()).add(k);
        return old == null;
    }

    private void remove(SessionKey k, String reason) {
        Map<String, Entry> doc = byDoc.get(k.doc());
        Entry e = doc == null ? null : doc.remove(k.session());
        if (e == null) return;
        if (doc.isEmpty()) byDoc.remove(k.doc());
        unindex(k, e.who);
        sessionCount--;
        (PresenceEvent.Left.EXPIRED.equals(reason) ? stats.expired : stats.leaves).increment();
    }

    private void unindex(SessionKey k, PresenceSession who) {
        NodeState n = nodes.get(who.node());
        if (n != null) n.sessions.remove(k);
        if (who.user() != null) {
            Set<SessionKey> keys = byUser.get(who.user());
            if (keys != null && keys.remove(k) && keys.isEmpty()) byUser.remove(who.user());
        }
    }
}
