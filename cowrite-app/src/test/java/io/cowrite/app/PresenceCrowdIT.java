package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cowrite.client.Connection;
import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.Protocol;
import io.cowrite.core.protocol.ServerMessage;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A crowd in one document (issue 11: "500 people in one document must stay usable"): simulated people
 * join one document over two editor-server processes, with presence-service and history-service, on
 * the real NATS, until there are 50, then 200, then 500 of them. At each size every person's list must be
 * the whole crowd, and the test measures (and prints, for docs/benchmarks.md; nothing here is a timed
 * assertion) what one more join and one cursor update cost: server CPU of the editor nodes and
 * presence-service, frames delivered, and the latency from a cursor update to each person who sees it.
 *
 * <p>The figures: {@code ./mvnw -B -ntp -pl cowrite-app -am verify -Dit.test=io.cowrite.app.PresenceCrowdIT
 * -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
class PresenceCrowdIT {
    private static final String DOC = "crowd";
    private static final int[] SIZES = {50, 200, 500};
    private static final int EXTRA_JOINS = 50; // CPU is read in 10 ms ticks: 50 joins resolve 0.2 ms
    private static final int MOVERS = 10;
    private static final int MOVES_EACH = 30;
    private static final long MOVE_EVERY_MS = 100; // slower than cursor-rate (20/s): every update is relayed

    /** One simulated person: a WebSocket, the list of people as the server told it, the cursors it saw. */
    private static final class Person implements AutoCloseable {
        final String name;
        final Connection connection;
        final CountDownLatch welcomed = new CountDownLatch(1);
        final CountDownLatch joined = new CountDownLatch(1);
        final Map<String, Boolean> people = new ConcurrentHashMap<>();
        final Map<String, Long> sentAt; // shared: (session + anchor) -> nanoTime the cursor was sent
        volatile Latencies latencySink;
        final LongAdder cursorsSeen;
        volatile String session;
        volatile long version;

        Person(URI ws, String name, Map<String, Long> sentAt, LongAdder cursorsSeen) {
            this.name = name;
            this.sentAt = sentAt;
            this.cursorsSeen = cursorsSeen;
            this.connection = Connection.open(ws, this::on);
            connection.send(new ClientMessage.Hello(Protocol.VERSION, null, null, null, name));
        }

        private void on(ServerMessage m) {
            switch (m) {
                case ServerMessage.Welcome w -> {
                    session = w.sessionId();
                    welcomed.countDown();
                }
                case ServerMessage.Snapshot s -> {
                    version = s.version();
                    joined.countDown();
                }
                case ServerMessage.Remote r -> version = r.version() + 1;
                case ServerMessage.Presence p -> {
                    Set<String> now = new HashSet<>();
                    p.peers().forEach(peer -> now.add(peer.session()));
                    people.keySet().retainAll(now);
                    now.forEach(s -> people.put(s, true));
                }
                case ServerMessage.PeerJoined j -> people.put(j.peer().session(), true);
                case ServerMessage.PeerLeft l -> people.remove(l.session());
                case ServerMessage.Cursor c -> {
                    Long sent = sentAt.get(c.session() + "@" + c.anchor());
                    Latencies sink = latencySink;
                    if (sent != null && sink != null) sink.add(System.nanoTime() - sent);
                    cursorsSeen.increment();
                }
                default -> {
                }
            }
        }

        void join() throws InterruptedException {
            if (!welcomed.await(20, TimeUnit.SECONDS)) throw new AssertionError(name + ": no welcome");
            connection.send(new ClientMessage.Join(DocId.of(DOC), null));
            if (!joined.await(20, TimeUnit.SECONDS)) throw new AssertionError(name + ": no snapshot");
        }

        void move(int at) {
            sentAt.put(session + "@" + at, System.nanoTime());
            connection.send(new ClientMessage.Cursor(DocId.of(DOC), version, at, at));
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final LongAdder cursorsSeen = new LongAdder();
    private Person person(NodeCluster cluster, int i) {
        return new Person(cluster.ws(i % 2), "p" + i, sentAt, cursorsSeen);
    }

    /** Adds people until the crowd has {@code n}, at most 8 joining at once (half on each node). */
    private void growTo(NodeCluster cluster, List<Person> crowd, int n) throws Exception {
        Semaphore atOnce = new Semaphore(8);
        List<Future<Person>> joining = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = crowd.size(); i < n; i++) {
                int id = i;
                joining.add(pool.submit(() -> {
                    atOnce.acquire();
                    try {
                        Person p = person(cluster, id);
                        p.join();
                        return p;
                    } finally {
                        atOnce.release();
                    }
                }));
            }
            for (Future<Person> f : joining) crowd.add(f.get());
        }
    }

    /** Every person's list is exactly the crowd. */
    private static void awaitRosters(List<Person> crowd, Duration timeout) {
        Set<String> everyone = new HashSet<>();
        crowd.forEach(p -> everyone.add(p.session));
        Awaits.until(() -> crowd.stream().allMatch(p -> p.people.size() == everyone.size()), timeout,
                "every one of " + crowd.size() + " people lists all " + everyone.size() + " (short: "
                        + crowd.stream().filter(p -> p.people.size() != everyone.size()).count() + ")");
        for (Person p : crowd) assertEquals(everyone, p.people.keySet(), p.name + "'s list");
    }

    private static double cpu(NodeCluster cluster) throws Exception {
        double s = cluster.presence.cpuSeconds();
        for (ServiceProcess e : cluster.editors) s += e.cpuSeconds();
        return s;
    }

    @Test
    void fiveHundredPeopleInOneDocument() throws Exception {
        try (NodeCluster cluster = NodeCluster.start("crowd", "nats://127.0.0.1:4222", 1, 2, i -> Map.of())) {
            List<Person> crowd = new ArrayList<>();
            try {
                // some text for the cursors to sit in
                try (TestClient writer = new TestClient(cluster.ws(0), "writer").connect()) {
                    var d = writer.join(DOC);
                    d.edit(io.cowrite.core.ot.TextOp.of(new io.cowrite.core.ot.Component.Insert("x".repeat(1000))));
                    Awaits.until(d::isSynchronized, Duration.ofSeconds(10), "the text is stored");
                }
                for (int size : SIZES) {
                    long t0 = System.nanoTime();
                    growTo(cluster, crowd, size);
                    awaitRosters(crowd, Duration.ofSeconds(60));
                    System.out.printf("PresenceCrowdIT: %d people, every list complete %d ms after the joins began%n",
                            size, (System.nanoTime() - t0) / 1_000_000);
                    measureJoins(cluster, crowd);
                    measureCursors(cluster, crowd);
                }
            } catch (Throwable t) {
                System.out.println(cluster.problems());
                throw t;
            } finally {
                crowd.forEach(Person::close);
            }
        }
    }

    /** {@value #EXTRA_JOINS} more people join one by one (each waits until all lists have it), then leave. */
    private void measureJoins(NodeCluster cluster, List<Person> crowd) throws Exception {
        int n = crowd.size();
        List<Person> extra = new ArrayList<>();
        double cpu0 = cpu(cluster);
        long t0 = System.nanoTime();
        Latencies seenByAll = new Latencies();
        for (int i = 0; i < EXTRA_JOINS; i++) {
            long start = System.nanoTime();
            Person p = person(cluster, 100_000 + n * 100 + i);
            p.join();
            extra.add(p);
            List<Person> all = new ArrayList<>(crowd);
            all.addAll(extra);
            String s = p.session;
            Awaits.until(() -> all.stream().allMatch(q -> q.people.containsKey(s)), Duration.ofSeconds(30),
                    "everyone lists the newcomer");
            seenByAll.add(System.nanoTime() - start);
        }
        double joinCpu = cpu(cluster) - cpu0;
        long joinMs = (System.nanoTime() - t0) / 1_000_000;
        double cpu1 = cpu(cluster);
        for (Person p : extra) p.close();
        Awaits.until(() -> crowd.stream().allMatch(q -> q.people.size() == n), Duration.ofSeconds(30),
                "the newcomers left every list");
        double leaveCpu = cpu(cluster) - cpu1;
        System.out.printf("PresenceCrowdIT: %d people: a join costs %.2f ms of server CPU (editor nodes + presence-service), "
                        + "a leave %.2f ms; connect+join until all %d lists have the newcomer: p50 %.1f ms, max %.1f ms (%d joins in %d ms)%n",
                n, joinCpu * 1000 / EXTRA_JOINS, leaveCpu * 1000 / EXTRA_JOINS, n + 1,
                seenByAll.percentileMs(50), seenByAll.percentileMs(100), EXTRA_JOINS, joinMs);
    }

    /** {@value #MOVERS} people move their cursors {@value #MOVES_EACH} times each; everyone else watches. */
    private void measureCursors(NodeCluster cluster, List<Person> crowd) throws Exception {
        int n = crowd.size();
        Latencies phase = new Latencies();
        for (Person p : crowd) p.latencySink = phase;
        long seen0 = cursorsSeen.sum();
        double cpu0 = cpu(cluster);
        long t0 = System.nanoTime();
        for (int k = 0; k < MOVES_EACH; k++) {
            long tick = t0 + TimeUnit.MILLISECONDS.toNanos(MOVE_EVERY_MS) * k;
            long wait = tick - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait); // pacing the load, not synchronizing
            for (int m = 0; m < MOVERS; m++) crowd.get(m).move(k * MOVERS + m + 1);
        }
        long updates = (long) MOVERS * MOVES_EACH;
        long expected = updates * (n - 1);
        // delivery is awaited as a count; cursors are ephemeral, so a few may be dropped under load (reported)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (cursorsSeen.sum() - seen0 < expected && System.nanoTime() < deadline) {
            long before = cursorsSeen.sum();
            Awaits.until(() -> cursorsSeen.sum() - seen0 >= expected || cursorsSeen.sum() > before, Duration.ofSeconds(5),
                    "cursor frames keep arriving");
        }
        double used = cpu(cluster) - cpu0;
        long delivered = cursorsSeen.sum() - seen0;
        System.out.printf("PresenceCrowdIT: %d people: %d cursor updates (%d/s) -> %d of %d frames delivered; server CPU %.3f ms per update, "
                        + "%.2f us per delivered frame; update-to-screen latency p50 %.1f ms, p99 %.1f ms%n",
                n, updates, MOVERS * 1000 / MOVE_EVERY_MS, delivered, expected, used * 1000 / updates,
                used * 1e6 / Math.max(1, delivered), phase.percentileMs(50), phase.percentileMs(99));
    }
}
