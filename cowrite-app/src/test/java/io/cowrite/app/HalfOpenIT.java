package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.app.faults.TcpProxy;
import io.cowrite.client.Connection;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Half-open connections (a {@link TcpProxy} blackholes them: no FIN, no RST, nothing forwarded either way)
 * are found on both sides within the configured times. The editor node, which pings every connection and
 * closes one silent for {@code idle-timeout} (3 s here, pings every 750 ms), drops its sessions (the
 * {@code cowrite_editor_sessions} gauge) and their presence (another person in the document sees them
 * leave), while the cut-off clients have heard nothing. The Java client, with its heartbeat, finds the
 * link dead by itself, reconnects and edits again.
 */
class HalfOpenIT {
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration PING_INTERVAL = Duration.ofMillis(750);
    private static NodeCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = NodeCluster.start("halfopen", "nats://127.0.0.1:4222", 1, i -> Map.of(
                "cowrite.editor.idle-timeout", IDLE_TIMEOUT.toMillis() + "ms",
                "cowrite.editor.ping-interval", PING_INTERVAL.toMillis() + "ms"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    @Test
    void theServerReapsHalfOpenConnectionsWithinItsIdleTimeout() throws Exception {
        ServiceProcess node = cluster.editors.get(0);
        List<TestClient> cutOff = new ArrayList<>();
        try (TcpProxy proxy = new TcpProxy(node.ws(), 1);
             TestClient watcher = new TestClient(node.ws(), "watcher").connect()) {
            watcher.join("halfopen-reap");
            for (int i = 0; i < 20; i++) {
                TestClient c = new TestClient(proxy.in(node.ws()), "cut-off-" + i).connect();
                cutOff.add(c);
                c.join("halfopen-reap");
            }
            watcher.awaitPeople("halfopen-reap", 21);
            Awaits.until(() -> sessions(node) == 21, Duration.ofSeconds(10), Duration.ofMillis(50), "21 sessions");

            long t0 = System.nanoTime();
            proxy.blackholeAll();
            Awaits.until(() -> sessions(node) == 1, IDLE_TIMEOUT.plus(PING_INTERVAL).plusSeconds(3), Duration.ofMillis(50),
                    "the half-open sessions reaped");
            long reaped = (System.nanoTime() - t0) / 1_000_000;
            watcher.awaitPeople("halfopen-reap", 1);
            long gone = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("half-open sessions reaped %d ms after the blackhole, out of presence after %d ms (idle-timeout %d ms)%n",
                    reaped, gone, IDLE_TIMEOUT.toMillis());
            assertTrue(reaped >= IDLE_TIMEOUT.toMillis() - PING_INTERVAL.toMillis(), "reaped before the idle timeout: " + reaped + " ms");
            for (TestClient c : cutOff) assertFalse(c.connection.closed().isDone(), c.label + " heard of the close: not half-open");
        } finally {
            for (TestClient c : cutOff) c.connection.abort();
        }
    }

    @Test
    void theJavaClientFindsAHalfOpenConnectionDeadAndComesBack() throws Exception {
        ServiceProcess node = cluster.editors.get(0);
        Connection.Heartbeat heartbeat = new Connection.Heartbeat(Duration.ofMillis(500), Duration.ofSeconds(1));
        Set<String> submitted = ConcurrentHashMap.newKeySet();
        List<ResumingClient> clients = new ArrayList<>();
        try (TcpProxy proxy = new TcpProxy(node.ws(), 2)) {
            for (int i = 0; i < 10; i++) {
                clients.add(new ResumingClient(proxy.in(node.ws()), "beat-" + i, "halfopen-detect", submitted, heartbeat, i).start());
            }
            Awaits.until(() -> clients.stream().allMatch(ResumingClient::isLive), Duration.ofSeconds(20), "clients live");

            long t0 = System.nanoTime();
            proxy.blackholeAll(); // links made from now on (the reconnects) work
            Awaits.until(() -> clients.stream().allMatch(c -> c.heartbeatExpiries.get() >= 1), Duration.ofSeconds(5),
                    Duration.ofMillis(20), "every client found its link dead");
            long found = (System.nanoTime() - t0) / 1_000_000;
            Awaits.until(() -> clients.stream().allMatch(ResumingClient::isLive), Duration.ofSeconds(10), "clients live again");
            long back = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("clients found the half-open link dead %d ms after the blackhole (heartbeat 500 ms + 1 s), live again after %d ms%n",
                    found, back);

            clients.get(0).edit(TextOp.of(new Component.Insert("back")));
            Awaits.until(() -> clients.stream().allMatch(c -> c.document().isSynchronized() && c.document().text().equals("back")),
                    Duration.ofSeconds(10), "the edit made after the reconnect reached everyone");
            assertEquals("back", StoredDocument.read(cluster.db, "halfopen-detect").text());
            for (ResumingClient c : clients) c.assertHealthy();
        } finally {
            for (ResumingClient c : clients) c.close();
        }
    }

    private static long sessions(ServiceProcess node) {
        try {
            return cluster.metric("cowrite_editor_sessions", node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
