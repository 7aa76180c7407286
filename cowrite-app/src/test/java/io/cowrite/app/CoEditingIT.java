package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ServerMessage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real WebSocket clients against the single-process platform on a real PostgreSQL. */
class CoEditingIT {
    static TestDatabase db;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        server = TestServer.start(db, "local", Map.of("cowrite.history.milestone-interval", 10));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
    }

    @Test
    void twoClientsEditConcurrentlyAndConverge() throws Exception {
        try (TestClient a = new TestClient(server.ws(), "alice").connect();
             TestClient b = new TestClient(server.ws(), "bob").connect()) {
            DocumentClient da = a.join("two-clients");
            DocumentClient db1 = b.join("two-clients");
            for (int i = 0; i < 30; i++) {
                da.edit(TextOp.of(new Component.Insert("a" + i + "😀 ")));
                db1.edit(TextOp.of(new Component.Insert("b" + i + "中 ")));
            }
            Awaits.until(() -> da.isSynchronized() && db1.isSynchronized() && da.version() == db1.version()
                    && da.version() >= 2, Duration.ofSeconds(20), "both clients synchronized");
            a.assertHealthy();
            b.assertHealthy();
            assertEquals(da.text(), db1.text());
            StoredDocument stored = StoredDocument.read(db, "two-clients");
            assertEquals(da.version(), stored.version());
            assertEquals(da.text(), stored.text());
            assertTrue(da.text().contains("a29😀") && da.text().contains("b29中"));
        }
    }

    @Test
    void aResendAfterALostAckIsAppliedOnce() throws Exception {
        DocId doc = DocId.of("resend");
        try (TestClient a = new TestClient(server.ws(), "resender").connect()) {
            a.join("resend");
            TextOp op = TextOp.of(new Component.Insert("hello"));
            a.connection.send(new ClientMessage.Op(doc, 0, a.clientId, 1, op));
            ServerMessage.Ack first = (ServerMessage.Ack) a.await(m -> m instanceof ServerMessage.Ack, Duration.ofSeconds(10));
            assertEquals(0, first.version());
            // The ack "was lost": the client reconnects and resends the same (clientId, seq) with its old base.
            a.connection.abort();
            a.connect();
            a.connection.send(new ClientMessage.Join(doc, 0L));
            a.connection.send(new ClientMessage.Op(doc, 0, a.clientId, 1, op));
            ServerMessage.Ack again = (ServerMessage.Ack) a.await(m -> m instanceof ServerMessage.Ack, Duration.ofSeconds(10));
            assertEquals(0, again.version(), "acked with the original version");
            // And once more on the same connection while nothing else happened.
            a.connection.send(new ClientMessage.Op(doc, 1, a.clientId, 1, op));
            ServerMessage.Ack third = (ServerMessage.Ack) a.await(m -> m instanceof ServerMessage.Ack, Duration.ofSeconds(10));
            assertEquals(0, third.version());
        }
        StoredDocument stored = StoredDocument.read(db, "resend");
        assertEquals(1, stored.version());
        assertEquals("hello", stored.text());
    }

    @Test
    void aLateJoinerGetsTheSnapshotAndAResumeGetsTheMissedOps() throws Exception {
        try (TestClient a = new TestClient(server.ws(), "writer").connect();
             TestClient b = new TestClient(server.ws(), "reader").connect()) {
            DocumentClient da = a.join("resume");
            DocumentClient dbr = b.join("resume");
            da.edit(TextOp.of(new Component.Insert("one ")));
            Awaits.until(() -> dbr.version() == 1, Duration.ofSeconds(10), "reader sees op 0");
            b.connection.abort(); // network drop
            for (int i = 0; i < 5; i++) {
                da.edit(TextOp.of(new Component.Insert("x")));
                Awaits.until(da::isSynchronized, Duration.ofSeconds(10), "writer acked");
            }
            b.reconnect();
            ServerMessage.Catchup c = (ServerMessage.Catchup) b.await(m -> m instanceof ServerMessage.Catchup, Duration.ofSeconds(10));
            assertEquals(1, c.from());
            assertEquals(6, c.version());
            assertEquals(5, c.ops().size());
            Awaits.until(() -> dbr.version() == 6, Duration.ofSeconds(10), "reader resumed");
            assertEquals(da.text(), dbr.text());
            b.assertHealthy();
        }
    }
}
