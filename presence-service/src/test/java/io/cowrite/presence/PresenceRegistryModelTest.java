package io.cowrite.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cowrite.presence.api.Heartbeat;
import io.cowrite.presence.api.PresenceEvent;
import io.cowrite.presence.api.PresenceSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The registry against a simple model of docs/presence.md's rules, under random traffic from a few editor
 * nodes: joins, cursors and leaves (some lost on the way), heartbeats in parts (some parts lost, duplicated
 * or late), restarts, nodes that fall silent, other replicas' expiries, clock steps, sweeps and rewarms.
 * After every step each document's roster, each user's sessions, the counts and the counters must be the
 * model's. Seeded: {@code -Dcowrite.seed=S} replays a failure; {@code -Dcowrite.cases=N} scales the runs.
 */
class PresenceRegistryModelTest {
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final List<String> NODES = List.of("node-a", "node-b", "node-c");
    private static final List<String> DOCS = List.of("d0", "d1", "d2");
    private static final List<String> USERS = List.of("u0", "u1");
    private static final String LEFT = PresenceEvent.Left.LEFT;
    private static final String EXPIRED = PresenceEvent.Left.EXPIRED;

    @Test
    void theRegistryBehavesAsTheModel() {
        long seed = Long.getLong("cowrite.seed", new Random().nextLong());
        int runs = Math.max(20, Integer.getInteger("cowrite.cases", 25_000) / 50);
        System.out.println("PresenceRegistryModelTest seed=" + seed + " runs=" + runs);
        for (int run = 0; run < runs; run++) {
            new Run(new Random(seed + run), "seed " + seed + " run " + run).play(300);
        }
    }

    /** One node process as the generator sees it: the sessions it really holds, and its beats. */
    private static final class Node {
        final String name;
        long started;
        long beat;
        boolean running = true;
        final Map<SessionKey, PresenceSession> holds = new LinkedHashMap<>();
        /** Parts of beats this registry completed (for late duplicates). */
        final List<Heartbeat> completedParts = new ArrayList<>();

        Node(String name, long started) {
            this.name = name;
            this.started = started;
        }
    }

    private static final class Run {
        final Random rnd;
        final String label;
        final MutableClock clock = new MutableClock();
        final PresenceStats stats = new PresenceStats();
        final PresenceRegistry registry = new PresenceRegistry(clock, TTL, stats);
        final Map<String, Node> nodes = new LinkedHashMap<>();
        // the model
        final Map<SessionKey, PresenceSession> sessions = new LinkedHashMap<>();
        final Map<SessionKey, PresenceEvent.Moved> cursors = new HashMap<>();
        final Map<String, Instant> lastHeard = new HashMap<>();
        final Set<String> dead = new HashSet<>();
        Instant warmFrom = clock.instant();
        long joins;
        long leaves;
        long expired;
        int step;

        Run(Random rnd, String label) {
            this.rnd = rnd;
            this.label = label;
            for (String n : NODES) nodes.put(n, new Node(n, rnd.nextInt(1000)));
        }

        void play(int steps) {
            for (step = 0; step < steps; step++) {
                int r = rnd.nextInt(100);
                Node node = nodes.get(NODES.get(rnd.nextInt(NODES.size())));
                if (r < 20) join(node);
                else if (r < 32) cursor(node);
                else if (r < 44) leave(node);
                else if (r < 64) beat(node);
                else if (r < 67) latePart(node);
                else if (r < 69) restart(node);
                else if (r < 72) node.running = !node.running;
                else if (r < 75) otherReplicasExpiry();
                else if (r < 78) strayEvent(node);
                else if (r < 90) clock.advance(Duration.ofMillis(rnd.nextInt(5000)));
                else if (r < 99) sweep();
                else rewarm();
                check();
            }
        }

        // ---- traffic

        void join(Node node) {
            if (!node.running) return;
            String doc = DOCS.get(rnd.nextInt(DOCS.size()));
            // session ids are mostly the node's own; now and then another node's (a collision)
            String owner = rnd.nextInt(20) == 0 ? NODES.get(rnd.nextInt(NODES.size())) : node.name;
            String id = owner.substring(owner.length() - 1) + rnd.nextInt(4);
            String user = rnd.nextInt(4) == 0 ? null : USERS.get(rnd.nextInt(USERS.size()));
            PresenceSession s = new PresenceSession(id, doc, user, user == null ? "Anon" : user, "#00000" + rnd.nextInt(10),
                    node.name, rnd.nextInt(100));
            node.holds.put(new SessionKey(doc, id), s);
            if (delivered()) apply(new PresenceEvent.Joined(s));
        }

        void cursor(Node node) {
            if (!node.running || node.holds.isEmpty()) return;
            PresenceSession s = any(node.holds.values());
            if (delivered()) apply(new PresenceEvent.Moved(s.doc(), s.session(), node.name, rnd.nextInt(9), rnd.nextInt(9), rnd.nextInt(9)));
        }

        void leave(Node node) {
            if (!node.running || node.holds.isEmpty()) return;
            PresenceSession s = any(node.holds.values());
            node.holds.remove(new SessionKey(s.doc(), s.session()));
            if (delivered()) apply(new PresenceEvent.Left(s.doc(), s.session(), node.name, LEFT));
        }

        /** A beat of what the node holds, in 1-3 parts; parts arrive shuffled, maybe one lost, maybe one twice. */
        void beat(Node node) {
            if (!node.running) return;
            List<PresenceSession> all = new ArrayList<>(node.holds.values());
            int parts = 1 + rnd.nextInt(3);
            List<Heartbeat> beat = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                beat.add(new Heartbeat(node.name, node.beat, node.started, p, parts,
                        all.subList(p * all.size() / parts, (p + 1) * all.size() / parts)));
            }
            node.beat++;
            List<Heartbeat> sent = new ArrayList<>(beat);
            boolean lost = rnd.nextInt(5) == 0;
            if (lost) sent.remove(rnd.nextInt(sent.size()));
            if (rnd.nextInt(5) == 0 && !sent.isEmpty()) sent.add(sent.get(rnd.nextInt(sent.size())));
            Collections.shuffle(sent, rnd);
            Set<Integer> arrived = new HashSet<>();
            for (Heartbeat part : sent) {
                heard(node.name);
                boolean completes = arrived.add(part.part()) && arrived.size() == parts;
                List<PresenceEvent> expected = completes ? reconcile(node.name, all) : List.of();
                assertEquals(Set.copyOf(expected), Set.copyOf(registry.heartbeat(part)), label + " step " + step + " beat");
            }
            if (!lost) node.completedParts.addAll(beat);
        }

        /** A part of an older beat of this incarnation, already complete, arrives again: only a sign of life. */
        void latePart(Node node) {
            if (node.completedParts.isEmpty()) return;
            heard(node.name);
            assertEquals(List.of(), registry.heartbeat(any(node.completedParts)), label + " step " + step + " late part");
        }

        /** The process dies and starts again at once: its connections, and so its sessions, are gone. */
        void restart(Node node) {
            node.started += 1 + rnd.nextInt(1000);
            node.beat = 0;
            node.holds.clear();
            node.completedParts.clear();
            node.running = true;
        }

        void otherReplicasExpiry() {
            if (sessions.isEmpty()) return;
            PresenceSession s = any(sessions.values());
            apply(new PresenceEvent.Left(s.doc(), s.session(), s.node(), EXPIRED));
        }

        /** A cursor or leave naming a session the registry may not have, or another node than its own. */
        void strayEvent(Node node) {
            String doc = DOCS.get(rnd.nextInt(DOCS.size()));
            String id = "x" + rnd.nextInt(3);
            if (!sessions.isEmpty() && rnd.nextBoolean()) {
                PresenceSession s = any(sessions.values());
                doc = s.doc();
                id = s.session();
            }
            apply(rnd.nextBoolean() ? new PresenceEvent.Moved(doc, id, node.name, 1, 1, 1)
                    : new PresenceEvent.Left(doc, id, node.name, LEFT));
        }

        boolean delivered() {
            return rnd.nextInt(10) != 0;
        }

        <T> T any(java.util.Collection<T> c) {
            return new ArrayList<>(c).get(rnd.nextInt(c.size()));
        }

        // ---- the model

        void apply(PresenceEvent e) {
            boolean changed = switch (e) {
                case PresenceEvent.Joined j -> {
                    heard(j.node());
                    put(j.who());
                    yield true;
                }
                case PresenceEvent.Moved m -> {
                    PresenceSession s = sessions.get(new SessionKey(m.doc(), m.session()));
                    if (s == null || !s.node().equals(m.node())) yield false;
                    heard(m.node());
                    cursors.put(new SessionKey(m.doc(), m.session()), m);
                    yield true;
                }
                case PresenceEvent.Left l -> {
                    PresenceSession s = sessions.get(new SessionKey(l.doc(), l.session()));
                    if (s == null || !s.node().equals(l.node())) yield false;
                    if (!l.reason().equals(EXPIRED)) heard(l.node());
                    remove(new SessionKey(l.doc(), l.session()), l.reason());
                    yield true;
                }
            };
            assertEquals(changed, registry.apply(e), label + " step " + step + " " + e);
        }

        void heard(String node) {
            lastHeard.put(node, clock.instant());
            dead.remove(node);
        }

        boolean put(PresenceSession who) {
            SessionKey k = new SessionKey(who.doc(), who.session());
            PresenceSession old = sessions.put(k, who);
            if (old == null) joins++;
            else if (!old.node().equals(who.node())) cursors.remove(k);
            return old == null;
        }

        void remove(SessionKey k, String reason) {
            sessions.remove(k);
            cursors.remove(k);
            if (reason.equals(EXPIRED)) expired++;
            else leaves++;
        }

        List<PresenceEvent> reconcile(String node, List<PresenceSession> beat) {
            Map<SessionKey, PresenceSession> wanted = new LinkedHashMap<>();
            for (PresenceSession s : beat) wanted.put(new SessionKey(s.doc(), s.session()), s);
            List<PresenceEvent> changes = new ArrayList<>();
            for (Map.Entry<SessionKey, PresenceSession> e : List.copyOf(sessions.entrySet())) {
                if (e.getValue().node().equals(node) && !wanted.containsKey(e.getKey())) {
                    remove(e.getKey(), LEFT);
                    changes.add(new PresenceEvent.Left(e.getKey().doc(), e.getKey().session(), node, LEFT));
                }
            }
            for (PresenceSession s : wanted.values()) {
                if (put(s)) changes.add(new PresenceEvent.Joined(s));
            }
            return changes;
        }

        void sweep() {
            Instant now = clock.instant();
            List<PresenceEvent.Left> expected = new ArrayList<>();
            if (!now.isBefore(warmFrom.plus(TTL))) {
                for (String node : List.copyOf(lastHeard.keySet())) {
                    Duration silent = Duration.between(lastHeard.get(node), now);
                    if (!dead.contains(node) && silent.compareTo(TTL) > 0) {
                        dead.add(node);
                        for (Map.Entry<SessionKey, PresenceSession> e : List.copyOf(sessions.entrySet())) {
                            if (!e.getValue().node().equals(node)) continue;
                            remove(e.getKey(), EXPIRED);
                            expected.add(new PresenceEvent.Left(e.getKey().doc(), e.getKey().session(), node, EXPIRED));
                        }
                    } else if (dead.contains(node) && silent.compareTo(TTL.multipliedBy(PresenceRegistry.FORGET_DEAD_AFTER_TTLS)) > 0) {
                        dead.remove(node);
                        lastHeard.remove(node);
                    }
                }
            }
            assertEquals(Set.copyOf(expected), Set.copyOf(registry.sweep(now)), label + " step " + step + " sweep");
        }

        void rewarm() {
            warmFrom = clock.instant();
            registry.rewarm();
        }

        // ---- the comparison

        void check() {
            String at = label + " step " + step;
            Comparator<PresenceSession> bySince = Comparator.comparingLong(PresenceSession::since).thenComparing(PresenceSession::session);
            for (String doc : DOCS) {
                List<PresenceSession> expected = sessions.values().stream().filter(s -> s.doc().equals(doc)).sorted(bySince).toList();
                assertEquals(expected, registry.roster(doc).sessions(), at + " roster of " + doc);
                List<PresenceEvent.Moved> expectedCursors = expected.stream()
                        .map(s -> cursors.get(new SessionKey(s.doc(), s.session()))).filter(java.util.Objects::nonNull).toList();
                assertEquals(expectedCursors, registry.roster(doc).cursors(), at + " cursors of " + doc);
            }
            for (String user : USERS) {
                List<PresenceSession> expected = sessions.values().stream().filter(s -> user.equals(s.user()))
                        .sorted(Comparator.comparing(PresenceSession::doc).thenComparing(bySince)).toList();
                assertEquals(expected, registry.sessionsOfUser(user), at + " sessions of " + user);
            }
            PresenceCounts counts = registry.counts(DOCS.size());
            assertEquals(sessions.size(), counts.sessions(), at + " sessions");
            assertEquals(sessions.values().stream().map(PresenceSession::doc).distinct().count(), counts.documents(), at + " documents");
            List<PresenceCounts.NodeCount> expectedNodes = lastHeard.keySet().stream().sorted().map(n -> new PresenceCounts.NodeCount(n,
                    !dead.contains(n), (int) sessions.values().stream().filter(s -> s.node().equals(n)).count(),
                    Duration.between(lastHeard.get(n), clock.instant()).toMillis())).toList();
            assertEquals(expectedNodes, counts.nodes(), at + " nodes");
            Map<String, Integer> perDoc = new HashMap<>();
            for (PresenceSession x : sessions.values()) perDoc.merge(x.doc(), 1, Integer::sum);
            List<PresenceCounts.DocumentCount> expectedTop = perDoc.entrySet().stream()
                    .map(e -> new PresenceCounts.DocumentCount(e.getKey(), e.getValue()))
                    .sorted(Comparator.comparingInt(PresenceCounts.DocumentCount::sessions).reversed()
                            .thenComparing(PresenceCounts.DocumentCount::doc))
                    .limit(2).toList();
            assertEquals(expectedTop, registry.counts(2).topDocuments(), at + " busiest documents");
            assertEquals(!clock.instant().isBefore(warmFrom.plus(TTL)), registry.isWarm(), at + " warm");
            assertEquals(List.of(joins, leaves, expired), List.of(stats.joins.sum(), stats.leaves.sum(), stats.expired.sum()),
                    at + " joins, leaves, expired");
        }
    }
}
