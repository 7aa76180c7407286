package io.cowrite.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.presence.api.Heartbeat;
import io.cowrite.presence.api.PresenceEvent;
import io.cowrite.presence.api.PresenceSession;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PresenceRegistryTest {
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final String LEFT = PresenceEvent.Left.LEFT;
    private static final String EXPIRED = PresenceEvent.Left.EXPIRED;

    private final MutableClock clock = new MutableClock();
    private final PresenceStats stats = new PresenceStats();
    private final PresenceRegistry registry = new PresenceRegistry(clock, TTL, stats);

    private static PresenceSession s(String session, String doc, String user, String node, long since) {
        return new PresenceSession(session, doc, user, user == null ? "Anonymous" : "Name of " + user, "#e6194b", node, since);
    }

    private static PresenceEvent.Joined join(PresenceSession s) {
        return new PresenceEvent.Joined(s);
    }

    private static PresenceEvent.Left leave(PresenceSession s, String reason) {
        return new PresenceEvent.Left(s.doc(), s.session(), s.node(), reason);
    }

    private static PresenceEvent.Moved cursor(PresenceSession s, long version, int anchor, int head) {
        return new PresenceEvent.Moved(s.doc(), s.session(), s.node(), version, anchor, head);
    }

    private static Heartbeat beat(String node, long beat, long started, PresenceSession... sessions) {
        return new Heartbeat(node, beat, started, 0, 1, List.of(sessions));
    }

    private void warmUp() {
        clock.advance(TTL);
        assertTrue(registry.isWarm());
    }

    @Test
    void aJoinedSessionIsInItsDocumentsRosterAndItsUsersSessions() {
        PresenceSession ada1 = s("s1", "notes", "ada", "editor-1", 10);
        PresenceSession ada2 = s("s2", "notes", "ada", "editor-2", 20);
        PresenceSession bob = s("s3", "notes", null, "editor-1", 5);
        for (PresenceSession x : List.of(ada1, ada2, bob)) assertTrue(registry.apply(join(x)));
        assertEquals(List.of(bob, ada1, ada2), registry.roster("notes").sessions(), "by join time");
        assertEquals(List.of(ada1, ada2), registry.sessionsOfUser("ada"), "two tabs: one person, two sessions");
        assertEquals(List.of(), registry.roster("other").sessions());
        assertEquals(3, registry.sessions());
        assertEquals(1, registry.documents());
        assertEquals(2, registry.liveNodes());
        assertEquals(3, stats.joins.sum());
    }

    @Test
    void oneSessionMayBeInSeveralDocuments() {
        PresenceSession inNotes = s("s1", "notes", "ada", "editor-1", 1);
        PresenceSession inPlans = s("s1", "plans", "ada", "editor-1", 2);
        registry.apply(join(inNotes));
        registry.apply(join(inPlans));
        registry.apply(leave(inNotes, LEFT));
        assertEquals(List.of(), registry.roster("notes").sessions());
        assertEquals(List.of(inPlans), registry.roster("plans").sessions());
        assertEquals(List.of(inPlans), registry.sessionsOfUser("ada"));
    }

    @Test
    void theLatestCursorOfAKnownSessionIsKept() {
        PresenceSession ada = s("s1", "notes", "ada", "editor-1", 1);
        registry.apply(join(ada));
        assertTrue(registry.apply(cursor(ada, 3, 1, 1)));
        assertTrue(registry.apply(cursor(ada, 4, 2, 5)));
        assertEquals(List.of(cursor(ada, 4, 2, 5)), registry.roster("notes").cursors());
        assertFalse(registry.apply(new PresenceEvent.Moved("notes", "nobody", "editor-1", 1, 0, 0)), "unknown session");
        assertFalse(registry.apply(new PresenceEvent.Moved("notes", "s1", "editor-9", 1, 0, 0)), "another node's claim");
        assertEquals(cursor(ada, 4, 2, 5), registry.cursor("notes", "s1"));
        registry.apply(join(ada)); // announced again: the cursor stays
        assertEquals(cursor(ada, 4, 2, 5), registry.cursor("notes", "s1"));
    }

    @Test
    void aLeaveRemovesAndALeaveOfAnUnknownSessionDoesNothing() {
        PresenceSession ada = s("s1", "notes", "ada", "editor-1", 1);
        registry.apply(join(ada));
        assertFalse(registry.apply(new PresenceEvent.Left("notes", "s1", "editor-2", LEFT)), "another node cannot remove it");
        assertTrue(registry.apply(leave(ada, LEFT)));
        assertFalse(registry.apply(leave(ada, LEFT)), "a second leave (another replica's) does nothing");
        assertFalse(registry.apply(leave(s("zz", "elsewhere", null, "editor-7", 1), EXPIRED)));
        assertEquals(0, registry.sessions());
        assertEquals(0, registry.documents());
        assertEquals(List.of(), registry.sessionsOfUser("ada"));
        assertNull(registry.cursor("notes", "s1"));
        assertEquals(1, stats.leaves.sum());
        assertEquals(0, stats.expired.sum());
    }

    @Test
    void aCompleteBeatMakesTheNodesSessionsExactlyTheBeats() {
        PresenceSession kept = s("s1", "notes", "ada", "editor-1", 1);
        PresenceSession lostLeave = s("s2", "notes", "bob", "editor-1", 2);
        PresenceSession lostJoin = s("s3", "plans", null, "editor-1", 3);
        PresenceSession otherNode = s("s4", "notes", "cy", "editor-2", 4);
        for (PresenceSession x : List.of(kept, lostLeave, otherNode)) registry.apply(join(x));
        registry.apply(cursor(kept, 1, 0, 0));
        List<PresenceEvent> changes = registry.heartbeat(beat("editor-1", 1, 100, kept, lostJoin));
        assertEquals(Set.of(leave(lostLeave, LEFT), join(lostJoin)), Set.copyOf(changes));
        assertEquals(List.of(kept, otherNode), registry.roster("notes").sessions());
        assertEquals(List.of(lostJoin), registry.roster("plans").sessions());
        assertEquals(cursor(kept, 1, 0, 0), registry.cursor("notes", "s1"), "a session the beat confirms keeps its cursor");
        assertEquals(List.of(), registry.heartbeat(beat("editor-1", 2, 100, kept, lostJoin)), "nothing changed");
    }

    @Test
    void aBeatInPartsCountsOnlyWhenEveryPartArrived() {
        PresenceSession a = s("a", "notes", null, "editor-1", 1);
        PresenceSession b = s("b", "notes", null, "editor-1", 2);
        PresenceSession c = s("c", "notes", null, "editor-1", 3);
        assertEquals(List.of(), registry.heartbeat(new Heartbeat("editor-1", 1, 100, 1, 3, List.of(b))));
        assertEquals(List.of(), registry.heartbeat(new Heartbeat("editor-1", 1, 100, 1, 3, List.of(b))), "a duplicate");
        assertEquals(List.of(), registry.heartbeat(new Heartbeat("editor-1", 1, 100, 0, 3, List.of(a))));
        assertEquals(0, registry.sessions());
        assertEquals(Set.of(join(a), join(b), join(c)),
                Set.copyOf(registry.heartbeat(new Heartbeat("editor-1", 1, 100, 2, 3, List.of(c)))));
        assertEquals(List.of(), registry.heartbeat(new Heartbeat("editor-1", 1, 100, 2, 3, List.of())), "a late part of a complete beat");
    }

    @Test
    void aNewerBeatAbandonsAnIncompleteOneAndLatePartsAreIgnored() {
        PresenceSession a = s("a", "notes", null, "editor-1", 1);
        PresenceSession b = s("b", "notes", null, "editor-1", 2);
        registry.heartbeat(new Heartbeat("editor-1", 1, 100, 0, 2, List.of(a))); // part 1 of beat 1 is lost
        registry.heartbeat(new Heartbeat("editor-1", 2, 100, 0, 2, List.of(b)));
        assertEquals(List.of(), registry.heartbeat(new Heartbeat("editor-1", 1, 100, 1, 2, List.of())), "beat 1 was abandoned");
        assertEquals(0, registry.sessions());
        assertEquals(List.of(join(b)), registry.heartbeat(new Heartbeat("editor-1", 2, 100, 1, 2, List.of())));
        assertEquals(List.of(b), registry.roster("notes").sessions());
    }

    @Test
    void aRestartedNodeReplacesItsSessions() {
        PresenceSession before = s("old", "notes", "ada", "editor-1", 1);
        PresenceSession after = s("new", "notes", "ada", "editor-1", 500);
        registry.heartbeat(beat("editor-1", 41, 100, before));
        registry.heartbeat(new Heartbeat("editor-1", 42, 100, 0, 2, List.of(before))); // incomplete when it died
        // The new process counts its beats from 0 again; its first beat is not "late".
        assertEquals(Set.of(leave(before, LEFT), join(after)), Set.copyOf(registry.heartbeat(beat("editor-1", 0, 400, after))));
        assertEquals(List.of(after), registry.sessionsOfUser("ada"));
    }

    @Test
    void nothingExpiresBeforeTheRegistryIsWarm() {
        PresenceSession ada = s("s1", "notes", "ada", "editor-1", 1);
        registry.apply(join(ada));
        clock.advance(TTL.minusMillis(1));
        assertFalse(registry.isWarm());
        assertEquals(List.of(), registry.sweep(clock.instant()));
        assertEquals(List.of(ada), registry.roster("notes").sessions());
    }

    @Test
    void aNodeSilentForLongerThanTheTtlExpiresAllItsSessions() {
        warmUp();
        PresenceSession a = s("s1", "notes", "ada", "editor-1", 1);
        PresenceSession b = s("s1", "plans", "ada", "editor-1", 2);
        PresenceSession alive = s("s2", "notes", "bob", "editor-2", 3);
        registry.heartbeat(beat("editor-1", 1, 100, a, b));
        registry.heartbeat(beat("editor-2", 1, 100, alive));
        clock.advance(TTL);
        registry.heartbeat(beat("editor-2", 2, 100, alive));
        assertEquals(List.of(), registry.sweep(clock.instant()), "silent for exactly the ttl: not yet");
        clock.advance(Duration.ofMillis(1));
        assertEquals(Set.of(leave(a, EXPIRED), leave(b, EXPIRED)), Set.copyOf(registry.sweep(clock.instant())));
        assertEquals(List.of(alive), registry.roster("notes").sessions());
        assertEquals(List.of(), registry.roster("plans").sessions());
        assertEquals(List.of(), registry.sweep(clock.instant()), "expired once");
        assertEquals(1, registry.liveNodes());
        assertEquals(2, stats.expired.sum());
        PresenceCounts.NodeCount dead = registry.counts(10).nodes().get(0);
        assertEquals(new PresenceCounts.NodeCount("editor-1", false, 0, TTL.toMillis() + 1), dead);
    }

    @Test
    void anyPartOfABeatKeepsANodeAlive() {
        warmUp();
        PresenceSession a = s("s1", "notes", null, "editor-1", 1);
        registry.heartbeat(beat("editor-1", 1, 100, a));
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(6));
            registry.heartbeat(new Heartbeat("editor-1", 2 + i, 100, 0, 2, List.of(a))); // never complete
            assertEquals(List.of(), registry.sweep(clock.instant()));
        }
        assertEquals(List.of(a), registry.roster("notes").sessions());
    }

    @Test
    void eventsAndBeatsOfADeadNodeReviveItButExpiriesNeverDo() {
        warmUp();
        PresenceSession a = s("s1", "notes", null, "editor-1", 1);
        registry.apply(join(a));
        clock.advance(TTL.plusSeconds(1));
        assertEquals(List.of(leave(a, EXPIRED)), registry.sweep(clock.instant()));
        // The other replica's expiry of the same session comes back: nothing to remove, and no revival.
        assertFalse(registry.apply(leave(a, EXPIRED)));
        assertEquals(0, registry.liveNodes());
        registry.apply(join(a));
        assertEquals(1, registry.liveNodes());
        assertEquals(List.of(a), registry.roster("notes").sessions());
        clock.advance(TTL.plusSeconds(1));
        registry.sweep(clock.instant());
        registry.heartbeat(beat("editor-1", 7, 100, a));
        assertEquals(1, registry.liveNodes());
        assertEquals(List.of(a), registry.roster("notes").sessions());
    }

    @Test
    void deadNodesAreForgottenAfterAWhile() {
        warmUp();
        registry.heartbeat(beat("editor-1", 1, 100));
        clock.advance(TTL.plusSeconds(1));
        registry.sweep(clock.instant());
        assertEquals(1, registry.counts(10).nodes().size(), "listed as dead");
        clock.advance(TTL.multipliedBy(PresenceRegistry.FORGET_DEAD_AFTER_TTLS));
        registry.sweep(clock.instant());
        assertEquals(List.of(), registry.counts(10).nodes());
    }

    @Test
    void aRewarmedRegistryNeitherCountsAsWarmNorExpiresForAnotherTtl() {
        warmUp();
        PresenceSession a = s("s1", "notes", null, "editor-1", 1);
        registry.apply(join(a));
        clock.advance(TTL.plusSeconds(5)); // cut off from the bus: editor-1's beats never came
        registry.rewarm();
        assertFalse(registry.isWarm());
        assertEquals(List.of(), registry.sweep(clock.instant()));
        clock.advance(Duration.ofSeconds(3));
        registry.heartbeat(beat("editor-1", 9, 100, a)); // back on the bus: it beats
        clock.advance(TTL.minusSeconds(3));
        assertTrue(registry.isWarm());
        assertEquals(List.of(), registry.sweep(clock.instant()));
        assertEquals(List.of(a), registry.roster("notes").sessions());
    }

    @Test
    void countsListEveryNodeAndTheBusiestDocumentsOnly() {
        for (int d = 0; d < 5; d++) {
            for (int i = 0; i <= d; i++) registry.apply(join(s("s" + i, "doc" + d, null, "editor-" + (i % 2), i)));
        }
        registry.apply(join(s("x", "doc9", null, "editor-0", 1)));
        PresenceCounts counts = registry.counts(3);
        assertFalse(counts.warm());
        assertEquals(16, counts.sessions());
        assertEquals(6, counts.documents());
        assertEquals(List.of(new PresenceCounts.DocumentCount("doc4", 5), new PresenceCounts.DocumentCount("doc3", 4),
                new PresenceCounts.DocumentCount("doc2", 3)), counts.topDocuments());
        assertEquals(List.of("editor-0", "editor-1"), counts.nodes().stream().map(PresenceCounts.NodeCount::node).toList());
        assertEquals(16, counts.nodes().stream().mapToInt(PresenceCounts.NodeCount::sessions).sum());
        assertEquals(List.of("doc0", "doc9"), registry.counts(6).topDocuments().stream().skip(4)
                .map(PresenceCounts.DocumentCount::doc).toList(), "ties by name");
    }

    @Test
    void aSessionClaimedByAnotherNodeMovesThereWithoutItsCursor() {
        PresenceSession onOne = s("s1", "notes", "ada", "editor-1", 1);
        PresenceSession onTwo = s("s1", "notes", "ada", "editor-2", 1);
        registry.apply(join(onOne));
        registry.apply(cursor(onOne, 1, 1, 1));
        registry.apply(join(onTwo));
        assertEquals(List.of(onTwo), registry.roster("notes").sessions());
        assertNull(registry.cursor("notes", "s1"));
        assertEquals(List.of(), registry.heartbeat(beat("editor-1", 1, 100)), "editor-1 no longer holds it");
        assertEquals(List.of(onTwo), registry.roster("notes").sessions());
        assertEquals(1, registry.sessions());
    }
}
