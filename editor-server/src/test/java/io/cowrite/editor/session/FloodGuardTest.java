package io.cowrite.editor.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.ServerMessage;
import io.cowrite.editor.doc.DocumentMetrics;
import io.cowrite.editor.doc.DocumentRegistry;
import io.cowrite.editor.doc.InProcessHistory;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md §7/§8: a connection that keeps sending far beyond its op rate is closed 4003 (before,
 * it got {@code rate_limited} forever, FloodIT), and one reconnecting from the same address right away
 * gets no burst. One op per second here, so the bucket does not refill while the test runs.
 */
class FloodGuardTest {
    private final InProcessHistory history = new InProcessHistory();
    private final DocumentRegistry documents = history.node(new DocumentMetrics());
    private final Sessions sessions = new Sessions(new SessionLimits(1 << 20, 1, 1000, 1 << 20, 8, 30, Duration.ofSeconds(10), 1000, 5),
            documents, Duration.ofSeconds(60), Duration.ofSeconds(20));

    @AfterEach
    void stop() throws Exception {
        sessions.close();
        documents.close();
        history.close();
    }

    private ClientSession joined(FakeTransport t) throws InterruptedException {
        ClientSession s = sessions.open(t);
        s.onText("{\"type\":\"hello\",\"protocol\":1}");
        s.onText("{\"type\":\"join\",\"doc\":\"flooded\"}");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.sent(ServerMessage.Snapshot.class).isEmpty()) { // polls a condition: the document answers on its executor
            assertTrue(System.nanoTime() < deadline, "no snapshot");
            Thread.sleep(5);
        }
        return s;
    }

    private static String op(String clientId, long seq) {
        return "{\"type\":\"op\",\"doc\":\"flooded\",\"base\":0,\"clientId\":\"" + clientId + "\",\"seq\":" + seq + ",\"op\":[\"x\"]}";
    }

    private static long rateLimited(FakeTransport t) {
        return t.sent(ServerMessage.ErrorReply.class).stream().filter(e -> e.code() == ErrorCode.RATE_LIMITED).count();
    }

    @Test
    void farBeyondTheRateTheConnectionClosesWithFloodAndAReconnectGetsNoBurst() throws Exception {
        FakeTransport flood = new FakeTransport();
        ClientSession s = joined(flood);
        String id = flood.sent(ServerMessage.Welcome.class).get(0).clientId();
        for (int seq = 1; seq <= 100 && flood.closedWith.get() == null; seq++) s.onText(op(id, seq));
        assertEquals(CloseCode.FLOOD, flood.closedWith.get());
        assertTrue(rateLimited(flood) >= 10, "ten seconds' worth of refusals first: " + rateLimited(flood));

        FakeTransport again = new FakeTransport();
        ClientSession s2 = joined(again);
        s2.onText(op(again.sent(ServerMessage.Welcome.class).get(0).clientId(), 1));
        assertEquals(1, rateLimited(again), "no burst right after a flood close from the same address");
        assertNull(again.closedWith.get());
    }
}
