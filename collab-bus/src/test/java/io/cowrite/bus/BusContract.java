package io.cowrite.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract every {@link Bus} keeps; run against {@link LocalBus} and {@link NatsBus}. */
abstract class BusContract {
    private static final Duration WAIT = Duration.ofSeconds(10);

    protected Bus bus;
    private String prefix;

    /** A fresh bus for one test. */
    protected abstract Bus createBus();

    @BeforeEach
    void open() {
        bus = createBus();
        prefix = "t" + UUID.randomUUID().toString().replace("-", "");
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    private String subject(String name) {
        return prefix + "." + name;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static BusMessage take(BlockingQueue<BusMessage> q) throws InterruptedException {
        BusMessage m = q.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(m, "message not delivered in time");
        return m;
    }

    @Test
    void deliversInPublishOrder() throws Exception {
        BlockingQueue<BusMessage> got = new LinkedBlockingQueue<>();
        bus.subscribe(subject("order"), got::add);
        for (int i = 0; i < 500; i++) bus.publish(subject("order"), utf8("m" + i));
        for (int i = 0; i < 500; i++) {
            assertEquals("m" + i, new String(take(got).payload(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void handlerRunsOffThePublisherThread() throws Exception {
        BlockingQueue<String> threads = new LinkedBlockingQueue<>();
        bus.subscribe(subject("thread"), m -> threads.add(Thread.currentThread().getName()));
        bus.publish(subject("thread"), utf8("x"));
        String handlerThread = threads.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(handlerThread);
        assertNotEquals(Thread.currentThread().getName(), handlerThread);
    }

    @Test
    void queueGroupDeliversEachMessageToExactlyOneMember() throws Exception {
        int members = 3;
        int messages = 300;
        BlockingQueue<String> all = new LinkedBlockingQueue<>();
        List<Set<String>> perMember = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            Set<String> mine = java.util.concurrent.ConcurrentHashMap.newKeySet();
            perMember.add(mine);
            bus.subscribe(subject("work"), "workers", m -> {
                String s = new String(m.payload(), StandardCharsets.UTF_8);
                mine.add(s);
                all.add(s);
            });
        }
        for (int i = 0; i < messages; i++) bus.publish(subject("work"), utf8("w" + i));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < messages; i++) {
            String s = all.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(s, "only " + i + " delivered");
            assertTrue(seen.add(s), "delivered twice: " + s);
        }
        // A request/reply round trip on the same connection orders after the publishes above.
        bus.subscribe(subject("ping"), m -> m.respond(m.payload()));
        bus.request(subject("ping"), utf8("p"), WAIT).get();
        assertNull(all.poll(), "more deliveries than messages");
        for (Set<String> mine : perMember) assertTrue(!mine.isEmpty(), "a member got no work: " + perMember);
    }

    @Test
    void requestGetsTheReply() throws Exception {
        bus.subscribe(subject("echo"), "svc", m -> m.respond(utf8("re:" + new String(m.payload(), StandardCharsets.UTF_8))));
        byte[] reply = bus.request(subject("echo"), utf8("hello"), WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals("re:hello", new String(reply, StandardCharsets.UTF_8));
    }

    @Test
    void requestTimesOutWhenNobodyAnswers() {
        bus.subscribe(subject("silent"), m -> { });
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> bus.request(subject("silent"), utf8("?"), Duration.ofMillis(300)).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(BusException.Timeout.class, e.getCause());
    }

    @Test
    void requestWithoutSubscriberFailsWithNoResponders() {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> bus.request(subject("nobody"), utf8("?"), Duration.ofSeconds(5)).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(BusException.NoResponders.class, e.getCause());
    }

    @Test
    void unsubscribeStopsDelivery() throws Exception {
        BlockingQueue<BusMessage> first = new LinkedBlockingQueue<>();
        Subscription s = bus.subscribe(subject("unsub"), first::add);
        bus.publish(subject("unsub"), utf8("1"));
        take(first);
        s.unsubscribe();
        BlockingQueue<BusMessage> second = new LinkedBlockingQueue<>();
        bus.subscribe(subject("unsub"), second::add);
        bus.publish(subject("unsub"), utf8("2"));
        take(second);
        bus.subscribe(subject("ping"), m -> m.respond(m.payload()));
        bus.request(subject("ping"), utf8("p"), WAIT).get();
        assertNull(first.poll(), "delivered after unsubscribe");
    }

    @Test
    void payloadBytesArriveIntact() throws Exception {
        byte[] payload = new byte[70_000];
        new Random(42).nextBytes(payload);
        BlockingQueue<BusMessage> got = new LinkedBlockingQueue<>();
        bus.subscribe(subject("bytes"), got::add);
        bus.publish(subject("bytes"), payload);
        bus.publish(subject("bytes"), new byte[0]);
        BusMessage m = take(got);
        assertArrayEquals(payload, m.payload());
        assertEquals(subject("bytes"), m.subject());
        assertEquals(0, take(got).payload().length);
    }

    @Test
    void isConnectedUntilClosedAndTellsListeners() throws Exception {
        assertTrue(bus.isConnected());
        BlockingQueue<ConnectionEvent> events = new LinkedBlockingQueue<>();
        bus.addConnectionListener(events::add);
        bus.close();
        assertTrue(!bus.isConnected());
        // jnats reports the first connect asynchronously: a CONNECTED may still arrive after the listener was added
        ConnectionEvent event;
        do {
            event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } while (event == ConnectionEvent.CONNECTED);
        assertEquals(ConnectionEvent.CLOSED, event);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> bus.request(subject("closed"), utf8("?"), WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(BusException.Disconnected.class, e.getCause());
    }
}
