package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.CloseCode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading is disconnected with 4001 once its outbound queue is full, instead of
 * growing the server's memory; the writer and the document are unaffected.
 */
class SlowConsumerIT {

    @Test
    void aClientThatStopsReadingIsClosedWith4001AndOthersGoOn() throws Exception {
        try (TestDatabase db = TestDatabase.create();
             TestServer server = TestServer.start(db, "local", Map.of(
                     "cowrite.editor.max-pending-messages", 20,
                     "cowrite.editor.ops-per-second", 1000,
                     "cowrite.max-doc-length", 50_000_000));
             TestClient writer = new TestClient(server.ws(), "writer").connect();
             RawWebSocket slow = new RawWebSocket(server.ws())) {
            DocumentClient w = writer.join("firehose");
            slow.sendText("{\"type\":\"hello\",\"protocol\":1,\"name\":\"sleeper\"}");
            slow.sendText("{\"type\":\"join\",\"doc\":\"firehose\"}");
            // The sleeper never reads: its remote ops fill both TCP buffers, then its server-side queue.
            // Each op replaces the previous 20 KB chunk: the document stays small, every remote op is ~40 KB.
            String chunk = "x".repeat(20_000);
            w.edit(TextOp.of(new Component.Insert(chunk)));
            for (int i = 0; i < 200; i++) {
                w.edit(TextOp.of(new Component.Insert(chunk), new Component.Delete(20_000)));
                Awaits.until(w::isSynchronized, Duration.ofSeconds(20), "writer acked");
            }
            assertEquals(CloseCode.SLOW_CONSUMER.code(), slow.readUntilClose(), "the sleeper was closed as a slow consumer");
            w.edit(TextOp.of(new Component.Insert("still here")));
            Awaits.until(w::isSynchronized, Duration.ofSeconds(20), "writer still acked after the slow client was dropped");
            writer.assertHealthy();
            assertEquals(w.version(), StoredDocument.read(db, "firehose").version());
        }
    }

    /**
     * Issue 8, items 3 and 4: a paused reader of 400,000-character ops held 136 MB each (the queue was
     * capped in frames only) and was never removed: its close frame could not be written to a full
     * socket, so the session never ended. With the default limits it is now cut off by bytes, leaves
     * the document at once (the others see it go), and its TCP connection is dropped after the close
     * timeout.
     */
    @Test
    void aPausedReaderOfHugeOpsIsCutOffByBytesAndRemoved() throws Exception {
        try (TestDatabase db = TestDatabase.create();
             TestServer server = TestServer.start(db, "local", Map.of("cowrite.editor.close-timeout", "2s"));
             TestClient writer = new TestClient(server.ws(), "writer").connect();
             TestClient watcher = new TestClient(server.ws(), "watcher").connect();
             RawWebSocket paused = new RawWebSocket(server.ws())) {
            var sessions = server.context().getBean(io.cowrite.editor.session.SessionRegistry.class);
            DocumentClient w = writer.join("huge");
            watcher.join("huge");
            paused.sendText("{\"type\":\"hello\",\"protocol\":1,\"name\":\"paused\"}");
            paused.sendText("{\"type\":\"join\",\"doc\":\"huge\"}");
            watcher.awaitPeople("huge", 3);
            String chunk = "y".repeat(400_000);
            w.edit(TextOp.of(new Component.Insert(chunk)));
            Awaits.until(w::isSynchronized, Duration.ofSeconds(30), "writer acked");
            // Every remote op is about 800 KB (insert plus the deleted text): 40 of them are 32 MB.
            for (int i = 0; i < 40 && sessions.size() == 3; i++) {
                w.edit(TextOp.of(new Component.Insert(chunk), new Component.Delete(400_000)));
                Awaits.until(w::isSynchronized, Duration.ofSeconds(30), "writer acked");
            }
            Awaits.until(() -> sessions.size() == 2, Duration.ofSeconds(15), "the paused reader is removed");
            watcher.awaitPeople("huge", 2);
            int end = paused.readUntilClose(); // drains what reached its socket; the server dropped the rest
            assertTrue(end == -1 || end == CloseCode.SLOW_CONSUMER.code(), "ended by the server: " + end);
            w.edit(TextOp.of(new Component.Insert("after")));
            Awaits.until(w::isSynchronized, Duration.ofSeconds(20), "writer still acked");
            writer.assertHealthy();
        }
    }
}
