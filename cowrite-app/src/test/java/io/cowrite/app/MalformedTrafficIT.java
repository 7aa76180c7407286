package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.Protocol;
import io.cowrite.core.protocol.ServerMessage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real malformed WebSocket traffic against the running platform: every bad input gets its error code
 * or close code, and the document and the other sessions are untouched.
 */
class MalformedTrafficIT {
    static TestDatabase db;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        server = TestServer.start(db, "local", Map.of(
                "cowrite.editor.max-message-bytes", 65536,
                "cowrite.editor.max-invalid-messages", 5,
                "cowrite.editor.ops-per-second", 5,
                "cowrite.max-doc-length", 1000,
                "cowrite.editor.hello-timeout", "1s"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
    }

    private static int closeCode(TestClient c) throws Exception {
        return c.connection.closed().get(10, TimeUnit.SECONDS);
    }

    @Test
    void replyErrorsKeepTheConnectionOpen() throws Exception {
        try (TestClient c = new TestClient(server.ws(), "bad-replies").connect()) {
            c.connection.sendRaw("{not json");
            assertEquals(ErrorCode.INVALID_JSON, c.awaitError(ErrorCode.INVALID_JSON).code());
            c.connection.sendRaw("{\"type\":\"teleport\"}");
            c.awaitError(ErrorCode.UNKNOWN_TYPE);
            c.connection.sendRaw("{\"type\":\"join\",\"doc\":\"a.b\"}");
            c.awaitError(ErrorCode.INVALID_DOC_ID);
            c.connection.sendRaw("{\"type\":\"join\",\"doc\":\"ok\",\"version\":1e400}");
            c.awaitError(ErrorCode.INVALID_FIELD);
            c.connection.sendRaw("{\"type\":\"op\",\"doc\":\"ok\",\"base\":0,\"clientId\":\"" + c.clientId + "\",\"seq\":1,\"op\":[3]}");
            ServerMessage.ErrorReply trailing = c.awaitError(ErrorCode.INVALID_OP);
            assertEquals("op_trailing_skip", trailing.detail());
            assertEquals(1L, trailing.seq());
            c.connection.send(new ClientMessage.Op(DocId.of("never-joined"), 0, c.clientId, 1,
                    TextOp.of(new Component.Insert("x"))));
            c.awaitError(ErrorCode.NOT_JOINED);
            assertTrue(c.connection.isOpen());
        }
    }

    @Test
    void invalidOpsNeverReachTheDocument() throws Exception {
        try (TestClient a = new TestClient(server.ws(), "victim").connect();
             TestClient bad = new TestClient(server.ws(), "vandal").connect()) {
            DocumentClient da = a.join("guarded");
            da.edit(TextOp.of(new Component.Insert("safe text")));
            Awaits.until(da::isSynchronized, Duration.ofSeconds(10), "first edit acked");
            bad.join("guarded");
            DocId doc = DocId.of("guarded");
            // Skips past the end, deletes of text that is not there, a base from the future, a doc too large.
            bad.connection.send(new ClientMessage.Op(doc, 1, bad.clientId, 1, TextOp.of(new Component.Skip(50), new Component.Insert("x"))));
            assertEquals("op_too_long", bad.awaitError(ErrorCode.INVALID_OP).detail());
            bad.connection.send(new ClientMessage.Op(doc, 1, bad.clientId, 2, TextOp.of(new Component.DeleteText("nope"))));
            assertEquals("op_delete_mismatch", bad.awaitError(ErrorCode.INVALID_OP).detail());
            bad.connection.send(new ClientMessage.Op(doc, 99, bad.clientId, 3, TextOp.of(new Component.Insert("x"))));
            bad.awaitError(ErrorCode.VERSION_AHEAD);
            bad.connection.send(new ClientMessage.Op(doc, 1, bad.clientId, 4, TextOp.of(new Component.Insert("y".repeat(2000)))));
            bad.awaitError(ErrorCode.DOC_TOO_LARGE);
            bad.connection.send(new ClientMessage.Op(doc, 1, "someone-else", 5, TextOp.of(new Component.Insert("x"))));
            bad.awaitError(ErrorCode.INVALID_FIELD);
            da.edit(TextOp.of(new Component.Insert("still ")));
            Awaits.until(da::isSynchronized, Duration.ofSeconds(10), "second edit acked");
            assertEquals("still safe text", da.text());
            StoredDocument stored = StoredDocument.read(db, "guarded");
            assertEquals(2, stored.version());
            assertEquals("still safe text", stored.text());
            a.assertHealthy();
        }
    }

    @Test
    void aFloodOfOpsIsRateLimitedThenRetried() throws Exception {
        try (TestClient c = new TestClient(server.ws(), "flooder").connect()) {
            c.join("flooded");
            DocId doc = DocId.of("flooded");
            for (int i = 1; i <= 30; i++) {
                c.connection.send(new ClientMessage.Op(doc, 0, c.clientId, i, TextOp.of(new Component.Insert("x"))));
            }
            ServerMessage.ErrorReply limited = c.awaitError(ErrorCode.RATE_LIMITED);
            assertTrue(limited.code().retryable());
        }
    }

    @Test
    void messagesBeforeHelloCloseWithProtocolViolation() throws Exception {
        TestClient c = new TestClient(server.ws(), "rude").connectRaw();
        c.connection.send(new ClientMessage.Join(DocId.of("x"), null));
        assertEquals(CloseCode.PROTOCOL_VIOLATION.code(), closeCode(c));
    }

    @Test
    void anUnsupportedProtocolVersionCloses4500() throws Exception {
        TestClient c = new TestClient(server.ws(), "future").connectRaw();
        c.connection.send(new ClientMessage.Hello(Protocol.VERSION + 1, null, null, null, "future"));
        assertEquals(CloseCode.UNSUPPORTED_PROTOCOL.code(), closeCode(c));
    }

    @Test
    void binaryFramesCloseWithProtocolViolation() throws Exception {
        try (TestClient c = new TestClient(server.ws(), "binary").connect()) {
            c.connection.sendBinary(new byte[] {1, 2, 3});
            assertEquals(CloseCode.PROTOCOL_VIOLATION.code(), closeCode(c));
        }
    }

    @Test
    void oversizeMessagesClose4503() throws Exception {
        try (TestClient c = new TestClient(server.ws(), "huge").connect()) {
            c.connection.sendRaw("{\"type\":\"ping\",\"id\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals(CloseCode.MESSAGE_TOO_BIG.code(), closeCode(c));
        }
    }

    @Test
    void aMessageOfManySmallFragmentsIsBoundedAsAWhole() throws Exception {
        try (TestClient c = new TestClient(server.ws(), "many-fragments").connect()) {
            c.connection.sendFragmented("{\"type\":\"ping\",\"pad\":\"" + "p".repeat(100_000) + "\"}", 200);
            assertEquals(CloseCode.MESSAGE_TOO_BIG.code(), closeCode(c));
        }
    }

    @Test
    void fragmentedMessagesAreReassembled() throws Exception {
        try (TestClient c = new TestClient(server.ws(), "fragments").connect()) {
            c.connection.sendFragmented("{\"type\":\"ping\",\"id\":\"frag\",\"pad\":\"" + "f".repeat(3000) + "\"}", 7);
            ServerMessage.Pong pong = (ServerMessage.Pong) c.await(m -> m instanceof ServerMessage.Pong, Duration.ofSeconds(10));
            assertEquals("frag", pong.id());
        }
    }

    @Test
    void repeatedGarbageClosesWithFlood() throws Exception {
        try (TestClient c = new TestClient(server.ws(), "garbage").connect()) {
            for (int i = 0; i < 10; i++) c.connection.sendRaw("garbage " + i);
            assertEquals(CloseCode.FLOOD.code(), closeCode(c));
        }
    }

    @Test
    void noHelloInTimeCloses4002() throws Exception {
        TestClient c = new TestClient(server.ws(), "silent").connectRaw();
        assertEquals(CloseCode.TIMEOUT.code(), closeCode(c));
    }

    @Test
    void aSecondConnectionOfTheSameClientClosesTheFirst() throws Exception {
        TestClient first = new TestClient(server.ws(), "twin").connect();
        try (TestClient second = new TestClient(server.ws(), "twin").resumingAs(first).connect()) {
            assertEquals(CloseCode.NORMAL.code(), closeCode(first));
            assertFalse(second.connection.closed().isDone());
        }
    }
}
