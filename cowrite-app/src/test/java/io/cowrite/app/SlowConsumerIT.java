package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
                     "cowrite.editor.max-doc-length", 50_000_000));
             TestClient writer = new TestClient(server.ws(), "writer").connect();
             RawWebSocket slow = new RawWebSocket(server.ws())) {
            DocumentClient w = writer.join("firehose");
            slow.sendText("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"sleeper\"}");
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
}
