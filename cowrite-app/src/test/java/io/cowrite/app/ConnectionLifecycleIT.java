package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.cowrite.core.protocol.CloseCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The connection's beginning and end over real sockets, as docs/protocol.md §4 and §8 state them
 * (issue 8, items 4, 5 and 8): a bad first message closes 4502 without a reply, a message too big is
 * refused with a close code the client can read even while it is still sending, reserved bits fail
 * the connection, and the server pings.
 */
class ConnectionLifecycleIT {
    static TestDatabase db;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        server = TestServer.start(db, "local", Map.of(
                "cowrite.editor.max-message-bytes", 1_048_576,
                "cowrite.editor.ping-interval", "300ms",
                "cowrite.editor.close-timeout", "2s"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
    }

    static List<String> badFirstMessages() {
        return List.of(
                "not json", "", "[]", "null", "{}",
                "{\"type\":\"nope\"}",
                "{\"type\":\"join\",\"doc\":\"d\"}",
                "{\"type\":\"ping\",\"id\":1}",
                "{\"type\":\"op\",\"doc\":\"d\",\"base\":0,\"clientId\":\"c\",\"seq\":1,\"op\":[\"x\"]}",
                "{\"type\":\"hello\"}",
                "{\"type\":\"hello\",\"protocol\":\"1\"}",
                "{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"c\"}",
                "{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"a.b\",\"resume\":\"r\"}",
                "{\"type\":\"hello\",\"protocol\":1,\"name\":\"" + "n".repeat(65) + "\"}",
                "{\"type\":\"hello\",\"protocol\":1,\"name\":\"a\\u0000b\"}",
                "{\"type\":\"hello\",\"protocol\":1,\"token\":5}",
                "{\"type\":\"hello\",\"protocol\":1,\"protocol\":1}");
    }

    /** Item 5: before, 9 of 13 variants got an error reply and the socket stayed open until the hello timeout. */
    @ParameterizedTest
    @MethodSource("badFirstMessages")
    void aBadFirstMessageCloses4502WithoutAReply(String frame) throws Exception {
        try (RawWebSocket ws = new RawWebSocket(server.ws())) {
            ws.sendText(frame);
            RawWebSocket.Frame first = ws.readFrame();
            assertNotNull(first, "the server answered with a close frame, not by dropping TCP");
            assertEquals(0x8, first.opcode(), "the first frame is the close, no error reply: "
                    + new String(first.payload(), StandardCharsets.UTF_8));
            assertEquals(CloseCode.PROTOCOL_VIOLATION.code(), first.closeCode());
        }
    }

    /** Item 8: a 2 MiB message in fragments was cut with no readable 4503; the client now reads the code. */
    @Test
    void aClientStillSendingATooBigMessageReads4503() throws Exception {
        try (RawWebSocket ws = new RawWebSocket(server.ws())) {
            ws.sendText("{\"type\":\"hello\",\"protocol\":1}");
            assertEquals(0x1, ws.readFrame().opcode()); // welcome
            byte[] big = ("{\"type\":\"ping\",\"pad\":\"" + "p".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
            ws.sendFragmented(big, 16 * 1024); // the whole 2 MiB goes out before the client reads anything
            assertEquals(CloseCode.MESSAGE_TOO_BIG.code(), ws.readUntilClose());
        }
    }

    /** Item 8: RFC 6455 §5.2: reserved bits set without a negotiated extension fail the connection. */
    @Test
    void reservedBitsClose1002() throws Exception {
        try (RawWebSocket ws = new RawWebSocket(server.ws())) {
            ws.sendText("{\"type\":\"hello\",\"protocol\":1}");
            assertEquals(0x1, ws.readFrame().opcode());
            ws.sendFrame(0x80 | 0x20 | 0x1, "{\"type\":\"ping\",\"id\":1}".getBytes(StandardCharsets.UTF_8)); // RSV2
            assertEquals(CloseCode.PROTOCOL_ERROR.code(), ws.readUntilClose());
        }
    }

    /** Item 4: the server sends WebSocket pings (it sent none before). */
    @Test
    void theServerPingsEveryConnection() throws Exception {
        try (RawWebSocket ws = new RawWebSocket(server.ws())) {
            ws.sendText("{\"type\":\"hello\",\"protocol\":1}");
            RawWebSocket.Frame f;
            do {
                f = ws.readFrame();
                assertNotNull(f);
            } while (f.opcode() != 0x9);
        }
    }
}
