package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.ServerMessage;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 8.1: one U+0000 froze a document for everyone, forever (PostgreSQL cannot store it, and the
 * failure was retried every 2 s as "unavailable"). U+0000 is now refused at the edge, and any failure
 * the database will repeat forever rejects the op that caused it while the document goes on.
 */
class StorageFaultIT {

    @Test
    void aNulCharacterIsRefusedAtTheEdgeAndTheDocumentGoesOn() throws Exception {
        try (TestDatabase db = TestDatabase.create();
             TestServer server = TestServer.start(db, "local", Map.of());
             TestClient a = new TestClient(server.ws(), "a").connect();
             TestClient b = new TestClient(server.ws(), "b").connect()) {
            DocumentClient da = a.join("d");
            DocumentClient db2 = b.join("d");
            a.connection.sendRaw("{\"type\":\"op\",\"doc\":\"d\",\"base\":0,\"clientId\":\"" + a.clientId
                    + "\",\"seq\":1,\"op\":[\"a\\u0000b\"]}");
            ServerMessage.ErrorReply e = a.awaitError(ErrorCode.INVALID_OP);
            assertEquals("op_nul_character", e.detail());
            db2.edit(TextOp.of(new Component.Insert("b goes on")));
            Awaits.until(db2::isSynchronized, Duration.ofSeconds(10), "b's edit acked");
            Awaits.until(() -> "b goes on".equals(da.text()), Duration.ofSeconds(10), "a sees it");
            assertEquals("b goes on", StoredDocument.read(db, "d").text());
        }
    }

    @Test
    void aDisplayNameWithNulClosesTheHello4502() throws Exception {
        try (TestDatabase db = TestDatabase.create();
             TestServer server = TestServer.start(db, "local", Map.of());
             TestClient c = new TestClient(server.ws(), "nul-name").connectRaw()) {
            c.connection.sendRaw("{\"type\":\"hello\",\"protocol\":1,\"name\":\"x\\u0000y\"}");
            assertEquals(CloseCode.PROTOCOL_VIOLATION.code(), c.connection.closed().get(10, TimeUnit.SECONDS));
        }
    }

    /** A storage fault that is not U+0000: a constraint of the database refuses one author's op. */
    @Test
    void anOpTheDatabaseRefusesIsRejectedToItsAuthorAndOthersAreStillAcked() throws Exception {
        try (TestDatabase db = TestDatabase.create();
             TestServer server = TestServer.start(db, "local", Map.of());
             TestClient good = new TestClient(server.ws(), "good").connect();
             TestClient bad = new TestClient(server.ws(), "bad").connect()) {
            refusePoison(db);
            DocumentClient g = good.join("guarded");
            bad.join("guarded");
            bad.connection.send(new ClientMessage.Op(DocId.of("guarded"), 0, bad.clientId, 1,
                    TextOp.of(new Component.Insert("poison"))));
            ServerMessage.ErrorReply e = bad.awaitError(ErrorCode.STORAGE_REJECTED);
            assertEquals(1L, e.seq());
            for (int i = 0; i < 5; i++) {
                g.edit(TextOp.of(new Component.Insert("ok" + i + " ")));
                Awaits.until(g::isSynchronized, Duration.ofSeconds(10), "good edit " + i + " acked");
            }
            assertEquals(g.text(), StoredDocument.read(db, "guarded").text());
            good.assertHealthy();
        }
    }

    private static void refusePoison(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    create function refuse_poison() returns trigger language plpgsql as $$
                    begin
                      if new.op::text like '%poison%' then
                        raise exception 'poison is not stored' using errcode = 'check_violation';
                      end if;
                      return new;
                    end $$""");
            s.execute("create trigger refuse_poison before insert on ops for each row execute function refuse_poison()");
        }
    }
}
