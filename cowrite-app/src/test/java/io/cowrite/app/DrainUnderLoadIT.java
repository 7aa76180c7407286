package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.client.Connection;
import io.cowrite.client.RandomEdits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An editor node drained under load: clients on two nodes (separate processes) type into two documents,
 * and node 0 gets SIGTERM while they do. It tells its clients to reconnect elsewhere ({@code reconnect},
 * close 4000), answers what is in flight and exits; its clients move to node 1 ({@link ResumingClient}
 * plays the load balancer) and go on typing. Afterwards: node 0 has exited, every client is live on node 1,
 * all converge with PostgreSQL, and PostgreSQL holds exactly the submitted (client id, seq): zero lost, zero
 * doubled. {@code -Dcowrite.drain.clients=N} (default 120), {@code -Dcowrite.seed=S}.
 */
class DrainUnderLoadIT {

    @Test
    void aNodeDrainedUnderLoadLosesAndDoublesNothing() throws Exception {
        long seed = Long.getLong("cowrite.seed", new Random().nextLong());
        int clients = Integer.getInteger("cowrite.drain.clients", 120);
        System.out.println("DrainUnderLoadIT seed=" + seed + " clients=" + clients + " (rerun with -Dcowrite.seed=" + seed + ")");
        Map<String, String> settings = Map.of("cowrite.editor.max-connections-per-address", "100000",
                "cowrite.editor.drain-timeout", "10s", "cowrite.editor.drain-spread", "1s");
        try (NodeCluster cluster = NodeCluster.start("drain", "nats://127.0.0.1:4222", 2, i -> settings)) {
            List<String> docs = List.of("drain-a", "drain-b");
            Set<String> submitted = ConcurrentHashMap.newKeySet();
            List<ResumingClient> all = new ArrayList<>();
            ServiceProcess drained = cluster.editors.get(0);
            ServiceProcess survivor = cluster.editors.get(1);
            List<java.net.URI> nodes = List.of(drained.ws(), survivor.ws());
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            try {
                for (int i = 0; i < clients; i++) {
                    all.add(new ResumingClient(nodes.get(i % 2), "d" + i, docs.get((i / 2) % 2), submitted,
                            Connection.Heartbeat.PROTOCOL, seed * 7 + i).withNodes(nodes).start());
                }
                Awaits.until(() -> all.stream().allMatch(ResumingClient::isLive), Duration.ofSeconds(30), clients + " clients live");

                List<Future<?>> typing = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) typing.add(pool.submit(typist(all.get(i), new Random(seed * 31 + i))));
                // Under load: SIGTERM once a few hundred ops were acked
                Awaits.until(() -> all.stream().mapToLong(c -> c.document().acked()).sum() >= 300, Duration.ofSeconds(30),
                        "300 ops acked before the drain");
                long t0 = System.nanoTime();
                drained.signal("TERM");
                Awaits.until(() -> !drained.isAlive(), Duration.ofSeconds(15), Duration.ofMillis(50), "node 0 exited");
                System.out.printf("node 0 drained and exited in %d ms: %s%n", (System.nanoTime() - t0) / 1_000_000,
                        drained.output().lines().filter(l -> l.contains("drain")).toList());
                for (Future<?> f : typing) f.get(60, TimeUnit.SECONDS);

                Awaits.until(() -> all.stream().allMatch(c -> c.isLive() && c.document().isSynchronized()), Duration.ofSeconds(60),
                        Duration.ofMillis(100), "every client live with nothing pending");
                for (ResumingClient c : all) {
                    c.assertHealthy();
                    assertEquals(survivor.ws(), c.target(), c.label + " is not on the node that stayed");
                }
                for (String doc : docs) {
                    StoredDocument stored = StoredDocument.read(cluster.db, doc);
                    for (ResumingClient c : all) {
                        if (!c.doc.value().equals(doc)) continue;
                        assertEquals(stored.version(), c.document().version(), c.label + " version");
                        assertEquals(stored.text(), c.document().text(), c.label + " text");
                    }
                }
                SubmittedOps.assertStored(cluster.db, docs, submitted);
                long moved = all.stream().filter(c -> c.reconnects.get() > 0).count();
                assertTrue(moved >= clients / 2, "only " + moved + " clients reconnected");
            } catch (Throwable t) {
                System.out.println(cluster.problems());
                throw new AssertionError("failed with seed " + seed + ": " + t.getMessage(), t);
            } finally {
                pool.shutdownNow();
                for (ResumingClient c : all) c.close();
            }
        }
    }

    /** 40 edits, a random pause of up to 100 ms after each (typing pace). */
    private static java.util.concurrent.Callable<Void> typist(ResumingClient c, Random random) {
        RandomEdits maker = new RandomEdits(random);
        return () -> {
            for (int k = 0; k < 40; k++) {
                synchronized (c.document()) {
                    c.edit(maker.next(c.document().text()));
                }
                Thread.sleep(random.nextInt(101));
            }
            return null;
        };
    }
}
