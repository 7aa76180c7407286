package io.cowrite.editor.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.presence.api.PresenceEvent;
import io.cowrite.presence.api.PresenceSession;
import io.cowrite.presence.api.Roster;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Presence} implementation does (docs/presence.md), run against {@link LocalPresence}
 * and {@link BusPresence}: two nodes, each with its own port, over one registry.
 */
abstract class PresenceContract {
    /** Node "a" (index 0) and node "b" (index 1), sharing one registry. */
    abstract Presence node(int index);

    /**
     * Returns once every subscription made so far is in effect (over NATS a subscription reaches the server
     * asynchronously, and a message another connection publishes before that is not delivered to it).
     */
    void subscribed() {
    }

    static PresenceSession session(String id, String doc, String node) {
        return new PresenceSession(id, doc, "user-" + id, "Name " + id, "#e6194b", node, 1);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    private static PresenceEvent next(LinkedBlockingQueue<PresenceEvent> q) throws InterruptedException {
        PresenceEvent e = q.poll(10, TimeUnit.SECONDS);
        if (e == null) throw new AssertionError("no event");
        return e;
    }

    @Test
    void aFollowerHearsTheOtherNodesJoinsMovesAndLeavesButNotItsOwn() throws Exception {
        Presence a = node(0);
        Presence b = node(1);
        LinkedBlockingQueue<PresenceEvent> heardByA = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<PresenceEvent> heardByB = new LinkedBlockingQueue<>();
        try (AutoCloseable fa = a.follow("doc-1", heardByA::add); AutoCloseable fb = b.follow("doc-1", heardByB::add)) {
            subscribed();
            PresenceSession s1 = session("s-1", "doc-1", a.node());
            a.publish(new PresenceEvent.Joined(s1));
            assertEquals(new PresenceEvent.Joined(s1), next(heardByB));
            PresenceEvent.Moved moved = new PresenceEvent.Moved("doc-1", "s-1", a.node(), 0, 1, 2);
            a.publish(moved);
            assertEquals(moved, next(heardByB));
            PresenceEvent.Left left = new PresenceEvent.Left("doc-1", "s-1", a.node(), PresenceEvent.Left.LEFT);
            a.publish(left);
            assertEquals(left, next(heardByB));
            PresenceSession s2 = session("s-2", "doc-1", b.node());
            b.publish(new PresenceEvent.Joined(s2));
            assertEquals(new PresenceEvent.Joined(s2), next(heardByA), "a hears b, and nothing of its own before");
        }
    }

    @Test
    void theRosterHasEveryNodesSessionsAndTheirCursors() throws Exception {
        Presence a = node(0);
        Presence b = node(1);
        try (AutoCloseable fa = a.follow("doc-2", e -> { })) {
            subscribed();
            b.publish(new PresenceEvent.Joined(session("s-3", "doc-2", b.node())));
            b.publish(new PresenceEvent.Moved("doc-2", "s-3", b.node(), 0, 4, 4));
            a.publish(new PresenceEvent.Joined(session("s-4", "doc-2", a.node())));
            await(() -> a.roster("doc-2").join().sessions().size() == 2, "both sessions in the roster");
            Roster r = a.roster("doc-2").join();
            assertEquals(List.of("s-3", "s-4"), r.sessions().stream().map(PresenceSession::session).sorted().toList());
            await(() -> a.roster("doc-2").join().cursors().size() == 1, "the cursor in the roster");
            assertEquals(4, a.roster("doc-2").join().cursors().get(0).anchor());
            assertTrue(a.isAvailable());
        }
    }

    @Test
    void aNodeHearsNothingOfDocumentsItDoesNotFollowOrNoLongerFollows() throws Exception {
        Presence a = node(0);
        Presence b = node(1);
        LinkedBlockingQueue<PresenceEvent> heard = new LinkedBlockingQueue<>();
        AutoCloseable following = a.follow("doc-3", heard::add);
        subscribed();
        b.publish(new PresenceEvent.Joined(session("s-5", "elsewhere", b.node())));
        b.publish(new PresenceEvent.Joined(session("s-6", "doc-3", b.node())));
        assertEquals("s-6", next(heard).session(), "only the followed document's event");
        following.close();
        subscribed();
        b.publish(new PresenceEvent.Joined(session("s-7", "doc-3", b.node())));
        await(() -> a.roster("doc-3").join().sessions().size() == 2, "the registry saw s-7");
        assertEquals(List.of(), List.copyOf(heard), "nothing after unfollowing");
    }
}
