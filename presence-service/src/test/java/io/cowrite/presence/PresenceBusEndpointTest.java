package io.cowrite.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.bus.BusException;
import io.cowrite.bus.BusMessage;
import io.cowrite.presence.api.Alive;
import io.cowrite.presence.api.Heartbeat;
import io.cowrite.presence.api.PresenceCodec;
import io.cowrite.presence.api.PresenceEvent;
import io.cowrite.presence.api.PresenceSession;
import io.cowrite.presence.api.PresenceSubjects;
import io.cowrite.presence.api.Roster;
import io.cowrite.presence.api.RosterRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bus endpoint over an in-process bus with a hand-moved clock: the timer tasks ({@code tick},
 * {@code beacon}) are called by the test, so warm-up and expiry happen exactly when it says.
 */
class PresenceBusEndpointTest {
    private static final Duration TTL = Duration.ofSeconds(10);
    private final PresenceCodec codec = new PresenceCodec();
    private final CuttableBus bus = new CuttableBus();
    private final PresenceSubjects subjects = new PresenceSubjects("t" + UUID.randomUUID().toString().substring(0, 8));
    private final MutableClock clock = new MutableClock();
    private final PresenceStats stats = new PresenceStats();
    private final PresenceRegistry registry = new PresenceRegistry(clock, TTL, stats);
    private final PresenceBusEndpoint endpoint = new PresenceBusEndpoint(bus, subjects, registry, stats, "replica-1", clock).start();
    private final PresenceSession ada = new PresenceSession("s1", "notes", "ada", "Ada", "#e6194b", "editor-1", 1);

    @AfterEach
    void close() {
        endpoint.close();
        bus.close();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(5);
        }
    }

    private void publish(String subject, Object message) {
        bus.publish(subject, codec.encode(message));
    }

    private Roster askRoster(String doc) throws Exception {
        return codec.decode(bus.request(subjects.roster(), codec.encode(new RosterRequest(doc)), Duration.ofSeconds(10))
                .get(15, TimeUnit.SECONDS), Roster.class);
    }

    private BlockingQueue<BusMessage> follow(String subject) {
        BlockingQueue<BusMessage> got = new LinkedBlockingQueue<>();
        bus.subscribe(subject, got::add);
        return got;
    }

    @Test
    void rostersAreAnsweredOnlyOnceWarm() throws Exception {
        publish(subjects.doc("notes"), new PresenceEvent.Joined(ada));
        await(() -> registry.sessions() == 1, "the join applied");
        endpoint.tick();
        ExecutionException before = assertThrows(ExecutionException.class, () -> askRoster("notes"));
        assertInstanceOf(BusException.NoResponders.class, before.getCause(), "nobody answers before the warm-up ends");
        clock.advance(TTL);
        endpoint.tick();
        assertEquals(List.of(ada), askRoster("notes").sessions());
    }

    @Test
    void aWarmReplicaBeaconsAndPublishesTheExpiriesOfSilentNodes() throws Exception {
        BlockingQueue<BusMessage> alive = follow(subjects.alive());
        BlockingQueue<BusMessage> events = follow(subjects.allDocs());
        PresenceSession inPlans = new PresenceSession("s1", "plans", "ada", "Ada", "#e6194b", "editor-1", 2);
        publish(subjects.nodes(), new Heartbeat("editor-1", 1, 100, 0, 1, List.of(ada, inPlans)));
        await(() -> registry.sessions() == 2, "the beat applied");
        endpoint.beacon();
        clock.advance(TTL);
        endpoint.tick();
        assertEquals(new Alive("replica-1"), codec.decode(alive.poll(10, TimeUnit.SECONDS).payload(), Alive.class),
                "the first beacon comes as soon as it is warm");
        assertEquals(0, alive.size(), "no beacon before the warm-up ended");
        endpoint.beacon();
        assertNotNull(alive.poll(10, TimeUnit.SECONDS));

        clock.advance(Duration.ofSeconds(1));
        endpoint.tick();
        BusMessage first = events.poll(10, TimeUnit.SECONDS);
        BusMessage second = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(second, "a leave per session");
        for (BusMessage m : List.of(first, second)) {
            PresenceEvent.Left left = (PresenceEvent.Left) codec.decode(m.payload(), PresenceEvent.class);
            assertEquals(PresenceEvent.Left.EXPIRED, left.reason());
            assertEquals(subjects.doc(left.doc()), m.subject(), "on its document's subject");
        }
        await(() -> stats.expired.sum() == 2, "counted");
    }

    @Test
    void aBeatThatNoLongerListsASessionPublishesItsLeave() throws Exception {
        BlockingQueue<BusMessage> events = follow(subjects.doc("notes"));
        publish(subjects.doc("notes"), new PresenceEvent.Joined(ada));
        assertNotNull(events.poll(10, TimeUnit.SECONDS)); // the join itself
        await(() -> registry.sessions() == 1, "the join applied");
        publish(subjects.nodes(), new Heartbeat("editor-1", 1, 100, 0, 1, List.of())); // its leave was lost
        PresenceEvent repaired = codec.decode(events.poll(10, TimeUnit.SECONDS).payload(), PresenceEvent.class);
        assertEquals(new PresenceEvent.Left("notes", "s1", "editor-1", PresenceEvent.Left.LEFT), repaired);
        assertEquals(0, registry.sessions());
    }

    @Test
    void malformedMessagesAreCountedAndDroppedAndTheNextOnesStillApply() throws Exception {
        clock.advance(TTL);
        endpoint.tick();
        bus.publish(subjects.doc("notes"), "{".getBytes(StandardCharsets.UTF_8));
        bus.publish(subjects.nodes(), "{\"node\":\"editor-1\",\"parts\":0}".getBytes(StandardCharsets.UTF_8));
        publish(subjects.doc("plans"), new PresenceEvent.Joined(ada)); // an event of "notes" on another subject
        bus.publish(subjects.roster(), "{\"doc\":\"no.dots\"}".getBytes(StandardCharsets.UTF_8));
        await(() -> stats.malformed.sum() == 4, "four malformed messages counted");
        assertEquals(0, registry.sessions());
        publish(subjects.doc("notes"), new PresenceEvent.Joined(ada));
        await(() -> registry.sessions() == 1, "a good event after them applied");
        assertEquals(List.of(ada), askRoster("notes").sessions());
    }

    @Test
    void aReplicaCutOffFromTheBusStopsAnsweringAndWarmsUpAgainAfterTheReconnect() throws Exception {
        publish(subjects.doc("notes"), new PresenceEvent.Joined(ada));
        await(() -> registry.sessions() == 1, "the join applied");
        clock.advance(TTL);
        endpoint.tick();
        assertTrue(endpoint.answering());
        bus.cut();
        clock.advance(TTL.multipliedBy(2)); // editor-1's beats are not heard meanwhile
        endpoint.tick();
        bus.restore();
        endpoint.tick();
        assertEquals(1, registry.sessions(), "nothing expired although editor-1 was not heard for 20 s");
        ExecutionException cold = assertThrows(ExecutionException.class, () -> askRoster("notes"));
        assertInstanceOf(BusException.NoResponders.class, cold.getCause());
        publish(subjects.nodes(), new Heartbeat("editor-1", 5, 100, 0, 1, List.of(ada)));
        await(() -> registry.counts(1).nodes().get(0).silentMillis() == 0, "the beat after the reconnect applied");
        clock.advance(TTL);
        endpoint.tick();
        assertEquals(List.of(ada), askRoster("notes").sessions());
    }
}
