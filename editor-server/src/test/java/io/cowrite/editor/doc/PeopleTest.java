package io.cowrite.editor.doc;

import static io.cowrite.editor.doc.InProcessHistory.insert;
import static io.cowrite.editor.doc.InProcessHistory.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who is here, across two editor nodes in one JVM (each with its own presence port over one registry):
 * the roster, one-change messages, colors apart across nodes, cursors moved to the current version,
 * cursors ahead of a node waiting for it, and coalescing.
 */
class PeopleTest {
    private InProcessHistory env;
    private DocumentRegistry nodeA;
    private DocumentRegistry nodeB;

    @BeforeEach
    void start() {
        env = new InProcessHistory();
        nodeA = env.node(new DocumentMetrics());
        nodeB = env.node(new DocumentMetrics());
    }

    @AfterEach
    void stop() throws Exception {
        nodeA.close();
        nodeB.close();
        env.close();
    }

    /** The next event matching {@code prefix}, skipping others. */
    private static String next(RecordingParticipant p, String prefix) throws InterruptedException {
        List<String> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String e = p.events.poll(100, TimeUnit.MILLISECONDS);
            if (e == null) continue;
            if (e.startsWith(prefix)) return e;
            skipped.add(e);
        }
        throw new AssertionError(p.clientId() + " got no '" + prefix + "' (skipped " + skipped + ")");
    }

    @Test
    void peopleOnTwoNodesSeeEachOtherJoinAndLeave() throws Exception {
        Document onA = nodeA.open("team");
        Document onB = nodeB.open("team");
        RecordingParticipant ada = new RecordingParticipant("ada");
        onA.join(ada, null);
        assertEquals("presence 1", next(ada, "presence"));
        RecordingParticipant bob = new RecordingParticipant("bob");
        onB.join(bob, null);
        assertEquals("presence 2", next(bob, "presence "), "bob's list has ada, who is on the other node (in process, at once)");
        assertEquals("presence+ s-bob", next(ada, "presence+"), "ada hears of bob in one small message");
        assertNotEquals(ada.color(), bob.color(), "two people in a document never share a color");

        onB.leave(bob, () -> { });
        assertEquals("presence- s-bob", next(ada, "presence-"));
        assertEquals(1, env.presenceRegistry.roster("team").sessions().size(), "the registry saw bob leave");
    }

    @Test
    void aCursorFromAnotherNodeIsMovedThroughTheOpsCommittedSince() throws Exception {
        Document onA = nodeA.open("cursors");
        Document onB = nodeB.open("cursors");
        RecordingParticipant ada = join(onA, "ada");
        RecordingParticipant bob = join(onB, "bob");
        next(ada, "presence+");
        onA.submit(ada, 0, 1, insert(0, "hello"));
        assertEquals("ack 1@0", ada.nextAck());
        // bob's cursor at version 0, position 0; ada's "hello" was inserted before it since
        onB.cursor(bob, 0, 0, 0);
        String c = next(ada, "cursor");
        assertTrue(c.equals("cursor s-bob 1 0 0") || c.equals("cursor s-bob 1 5 5"), c);
        onB.submit(bob, 1, 1, insert(5, " world"));
        bob.nextAck();
        onA.cursor(ada, 1, 5, 5); // ada's cursor after "hello", at version 1: moved past bob's " world"? no: it is before it
        assertEquals("cursor s-ada 2 5 5", next(bob, "cursor"));
    }

    /**
     * A roster answered before the registry heard of a join that this node already heard of as an event (the
     * registry and the node hear the bus separately): the roster must not take that person away again.
     */
    @Test
    void aLateRosterDoesNotForgetWhoJoinedMeanwhile() throws Exception {
        LateRosters late = new LateRosters(new io.cowrite.editor.presence.LocalPresence(env.nextNode(), env.presenceHub));
        DocumentRegistry nodeC = env.node(env.hub, new DocumentMetrics(), late);
        try {
            RecordingParticipant ada = join(nodeC.open("late"), "ada"); // asks for the roster: held
            assertEquals("presence 1", next(ada, "presence "));
            RecordingParticipant bob = join(nodeA.open("late"), "bob");
            assertEquals("presence+ s-bob", next(ada, "presence+"), "ada hears of bob as an event");
            late.release(); // the roster as the registry had it when asked: without bob
            assertEquals("presence 2", next(ada, "presence "), "the late roster keeps bob");
            nodeA.open("late").leave(bob, () -> { });
            assertEquals("presence- s-bob", next(ada, "presence-"));
        } finally {
            nodeC.close();
        }
    }

    /** Presence whose roster answers wait until released, and then say what the registry held when asked. */
    private static final class LateRosters implements io.cowrite.editor.presence.Presence {
        private final io.cowrite.editor.presence.Presence real;
        private final List<Runnable> held = new ArrayList<>();

        LateRosters(io.cowrite.editor.presence.Presence real) {
            this.real = real;
        }

        synchronized void release() {
            held.forEach(Runnable::run);
            held.clear();
        }

        @Override public String node() { return real.node(); }
        @Override public AutoCloseable follow(String doc, java.util.function.Consumer<io.cowrite.presence.api.PresenceEvent> l) { return real.follow(doc, l); }
        @Override public synchronized java.util.concurrent.CompletableFuture<io.cowrite.presence.api.Roster> roster(String doc) {
            io.cowrite.presence.api.Roster then = real.roster(doc).join();
            java.util.concurrent.CompletableFuture<io.cowrite.presence.api.Roster> answer = new java.util.concurrent.CompletableFuture<>();
            held.add(() -> answer.complete(then));
            return answer;
        }
        @Override public void publish(io.cowrite.presence.api.PresenceEvent e) { real.publish(e); }
        @Override public boolean isAvailable() { return real.isAvailable(); }
        @Override public void onAvailability(java.util.function.Consumer<Boolean> l) { real.onAvailability(l); }
        @Override public void close() { real.close(); }
    }

    @Test
    void theFirstPersonOnANodeDoesNotTakeAColorAlreadyShownOnAnother() throws Exception {
        // two clients whose preferred colors are the same: the second joins on another node, first there
        String first = "ada";
        String second = null;
        for (int i = 0; second == null; i++) {
            String id = "c" + i;
            if (io.cowrite.editor.presence.Colors.forClient(id).equals(io.cowrite.editor.presence.Colors.forClient(first))) second = id;
        }
        RecordingParticipant ada = join(nodeA.open("colors"), first);
        RecordingParticipant other = join(nodeB.open("colors"), second);
        next(ada, "presence+");
        assertNotEquals(ada.color(), other.color(), "the later joiner took another color");
        assertTrue(!io.cowrite.editor.presence.Colors.clashes(other.color(), java.util.Set.of(ada.color())),
                other.color() + " is far from " + ada.color());
        String stored = env.presenceRegistry.roster("colors").sessions().stream()
                .filter(s -> s.session().equals(other.sessionId())).findFirst().orElseThrow().color();
        assertEquals(other.color(), stored, "every node hears of the color it shows");
    }

    @Test
    void cursorUpdatesAreCoalescedAndTheLatestWins() throws Exception {
        Document onA = nodeA.open("many-moves");
        RecordingParticipant ada = join(onA, "ada");
        RecordingParticipant bob = join(onA, "bob");
        onA.submit(ada, 0, 1, insert(0, "0123456789"));
        assertEquals("ack 1@0", ada.nextAck());
        for (int i = 0; i <= 10; i++) onA.cursor(ada, 1, i, i);
        String last = null;
        int relayed = 0;
        while (!"cursor s-ada 1 10 10".equals(last)) {
            last = next(bob, "cursor");
            relayed++;
        }
        assertTrue(relayed <= 3, relayed + " cursor frames for 11 moves within one interval");
    }
}
