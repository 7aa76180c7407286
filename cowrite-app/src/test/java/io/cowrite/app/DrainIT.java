package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A node drained under load (docs/operations.md, "Draining"): two editor nodes (separate processes), clients
 * typing on both; SIGTERM to the first. Its readiness turns DOWN while liveness stays UP, its clients get
 * {@code reconnect} then close 4000, resume on the other node, and the process exits within its drain timeout.
 * Every edit typed is in PostgreSQL exactly once.
 */
class DrainIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static int status(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1; // not listening (any more)
        }
    }

    @Test
    void aDrainedNodeLosesNothingAndExitsInTime() throws Exception {
        Duration drainTimeout = Duration.ofSeconds(8);
        try (NodeCluster cluster = NodeCluster.start("drain", "nats://127.0.0.1:4222", 2,
                i -> Map.of("cowrite.editor.drain-timeout", "8s", "cowrite.editor.drain-spread", "500ms"))) {
            ServiceProcess doomed = cluster.editors.get(0);
            ServiceProcess other = cluster.editors.get(1);
            assertEquals(200, status(doomed.port, "/health/readiness"));
            assertEquals(200, status(doomed.port, "/health/liveness"));
            String doc = "drained";
            List<TestClient> clients = new ArrayList<>();
            List<DocumentClient> docs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                TestClient c = new TestClient((i < 6 ? doomed : other).ws(), "c" + i).connect();
                clients.add(c);
                docs.add(c.join(doc));
            }
            List<String> typed = new ArrayList<>();
            int round = 0;
            for (; round < 10; round++) type(docs, typed, round);
            // readiness is watched from the moment of the signal: DOWN while draining, liveness UP meanwhile
            AtomicBoolean sawNotReadyButLive = new AtomicBoolean();
            AtomicBoolean watching = new AtomicBoolean(true);
            Thread watcher = Thread.ofVirtual().start(() -> {
                while (watching.get() && !sawNotReadyButLive.get()) {
                    if (status(doomed.port, "/health/readiness") == 503 && status(doomed.port, "/health/liveness") == 200) {
                        sawNotReadyButLive.set(true);
                    }
                }
            });
            // history is paused across the signal, so the ops typed meanwhile stay unanswered and the drain
            // provably waits for them: readiness is checked while it runs, however fast commits are otherwise
            for (ServiceProcess h : cluster.histories) h.signal("STOP");
            long signalled = System.nanoTime();
            try {
                doomed.signal("TERM");
                for (; round < 15; round++) type(docs, typed, round); // under load: ops in flight while it drains
                Awaits.until(sawNotReadyButLive::get, Duration.ofSeconds(5), "readiness DOWN with liveness UP while draining");
            } finally {
                for (ServiceProcess h : cluster.histories) h.signal("CONT");
            }
            for (int i = 0; i < 6; i++) {
                TestClient c = clients.get(i);
                ServerMessage.Reconnect r = (ServerMessage.Reconnect) c.await(m -> m instanceof ServerMessage.Reconnect, Duration.ofSeconds(10));
                assertEquals("draining", r.reason());
                assertTrue(r.retryAfterMs() < 500, "retryAfterMs within drain-spread: " + r.retryAfterMs());
                assertEquals(4000, c.awaitClose());
                c.reconnect(other.ws());
            }
            int exit = doomed.awaitExit(drainTimeout.plusSeconds(2));
            long exitedMs = (System.nanoTime() - signalled) / 1_000_000;
            watching.set(false);
            watcher.join();
            assertEquals(0, exit, "the drained node exits cleanly:\n" + doomed.output());
            assertTrue(exitedMs <= drainTimeout.toMillis() + 2000, "exited " + exitedMs + " ms after SIGTERM");
            for (; round < 20; round++) type(docs, typed, round);
            Awaits.until(() -> docs.stream().allMatch(DocumentClient::isSynchronized), Duration.ofSeconds(30), "all synchronized");
            long head = StoredDocument.read(cluster.db, doc).version();
            Awaits.until(() -> docs.stream().allMatch(d -> d.version() == head), Duration.ofSeconds(30), "all at " + head);
            String stored = StoredDocument.read(cluster.db, doc).text();
            for (DocumentClient d : docs) assertEquals(stored, d.text());
            for (String t : typed) {
                int first = stored.indexOf(t);
                assertTrue(first >= 0, "lost: " + t);
                assertEquals(-1, stored.indexOf(t, first + 1), "doubled: " + t);
            }
            for (TestClient c : clients) {
                c.assertHealthy();
                c.close();
            }
        }
    }

    private static void type(List<DocumentClient> docs, List<String> typed, int round) throws Exception {
        for (int i = 0; i < docs.size(); i++) {
            String t = "<" + i + ":" + round + ">";
            docs.get(i).edit(TextOp.of(new Component.Insert(t)));
            typed.add(t);
        }
    }
}
