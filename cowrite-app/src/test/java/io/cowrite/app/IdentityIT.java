package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.Protocol;
import io.cowrite.core.protocol.ServerMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 8.2: anyone could take over a client's identity (ids are visible) and erase its edits: the
 * victim was closed with 1000 and its later, acked edits were never stored. Now an identity is only
 * resumed with the secret the server issued with it.
 */
class IdentityIT {

    @Test
    void knowingAClientIdDoesNotLetAnyoneActUnderIt() throws Exception {
        try (TestDatabase db = TestDatabase.create();
             TestServer server = TestServer.start(db, "local", Map.of());
             TestClient victim = new TestClient(server.ws(), "victim").connect();
             TestClient attacker = new TestClient(server.ws(), "attacker").connectRaw()) {
            DocumentClient v = victim.join("target");
            v.edit(TextOp.of(new Component.Insert("v1 ")));
            Awaits.until(v::isSynchronized, Duration.ofSeconds(10), "victim's first edit acked");

            // The attacker names the victim's id (it travels in every op) without its secret.
            attacker.connection.send(new ClientMessage.Hello(Protocol.VERSION, victim.clientId, "guessed", null, "attacker"));
            var w = (ServerMessage.Welcome) attacker.await(m -> m instanceof ServerMessage.Welcome, Duration.ofSeconds(10));
            assertNotEquals(victim.clientId, w.clientId(), "the attacker got an identity of its own");
            attacker.connection.send(new ClientMessage.Join(DocId.of("target"), null));
            attacker.await(m -> m instanceof ServerMessage.Snapshot, Duration.ofSeconds(10));
            for (long seq = 2; seq <= 11; seq++) { // the victim's next seqs
                attacker.connection.send(new ClientMessage.Op(DocId.of("target"), 1, victim.clientId, seq,
                        TextOp.of(new Component.Insert("evil"))));
                assertEquals(ErrorCode.INVALID_FIELD, attacker.awaitError(ErrorCode.INVALID_FIELD).code());
            }

            assertFalse(victim.connection.closed().isDone(), "the victim stays connected");
            for (int i = 2; i <= 7; i++) {
                v.edit(TextOp.of(new Component.Insert("v" + i + " ")));
                Awaits.until(v::isSynchronized, Duration.ofSeconds(10), "victim's edit " + i + " acked");
            }
            StoredDocument stored = StoredDocument.read(db, "target");
            assertEquals(v.text(), stored.text(), "every acked edit of the victim is stored");
            assertEquals(7, stored.version());
            assertEquals(7, committedBy(db, "target", victim.clientId));
            victim.assertHealthy();
        }
    }

    @Test
    void aClientResumesItsOwnIdentityWithItsSecretAndItsUnackedOpIsNotDoubled() throws Exception {
        try (TestDatabase db = TestDatabase.create();
             TestServer server = TestServer.start(db, "local", Map.of());
             TestClient c = new TestClient(server.ws(), "returning").connect()) {
            DocumentClient d = c.join("resumed");
            d.edit(TextOp.of(new Component.Insert("once")));
            Awaits.until(d::isSynchronized, Duration.ofSeconds(10), "acked");
            String id = c.clientId;
            c.connection.abort();
            c.reconnect(); // asserts the welcome resumed the same client id
            assertEquals(id, c.clientId);
            Awaits.until(d::isSynchronized, Duration.ofSeconds(10), "resumed");
            assertEquals("once", StoredDocument.read(db, "resumed").text());
        }
    }

    private static long committedBy(TestDatabase db, String doc, String clientId) throws Exception {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("select count(*) from ops where doc_id = ? and client_id = ?")) {
            ps.setString(1, doc);
            ps.setString(2, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
