package io.cowrite.editor.session;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.ServerMessage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The connection layer against a fake transport: handshake, identity, outbox bounds, ending. */
class ClientSessionTest {
    private final Sessions sessions = new Sessions();

    @AfterEach
    void stop() {
        sessions.close();
    }

    private ServerMessage.Welcome hello(ClientSession s, FakeTransport t, String clientId, String resume) {
        String ids = clientId == null ? "" : ",\"clientId\":\"" + clientId + "\",\"resume\":\"" + resume + "\"";
        s.onText("{\"type\":\"hello\",\"protocol\":1" + ids + ",\"name\":\"Ada\"}");
        List<ServerMessage.Welcome> w = t.sent(ServerMessage.Welcome.class);
        assertEquals(1, w.size(), "one welcome: " + t.sent);
        return w.get(0);
    }

    /**
     * Documents fan an op out to their participants in a loop; a session whose socket closed a moment
     * before its onClosed ran must not throw into that loop (seen under load: "Session closed" from
     * Document.announce/presenceChanged, cutting off every participant after the closed one).
     */
    @Test
    void aSocketClosedUnderTheSessionDoesNotThrowIntoTheSender() {
        FakeTransport t = new FakeTransport();
        ClientSession session = sessions.open(t);
        session.send(new ServerMessage.Pong("p1"));
        assertEquals(1, t.sent.size());
        t.socketGone = true;
        assertDoesNotThrow(() -> session.send(new ServerMessage.Pong("p2")));
    }

    /** A ping flood gets ten pongs (the burst), then nothing, and the connection stays open. */
    @Test
    void pingsBeyondTheRateAreNotAnswered() {
        FakeTransport t = new FakeTransport();
        ClientSession s = sessions.open(t);
        hello(s, t, null, null);
        for (int i = 0; i < 1000; i++) s.onText("{\"type\":\"ping\",\"id\":" + i + "}");
        int pongs = t.sent(ServerMessage.Pong.class).size();
        assertTrue(pongs >= 10 && pongs < 20, pongs + " pongs for 1000 pings");
        assertNull(t.closedWith.get());
    }

    /** docs/protocol.md §4: before hello, every failure closes with 4502 and is never answered. */
    static List<String> badFirstMessages() {
        return List.of(
                "not json", "", "[]", "\"hello\"", "null", "{}",
                "{\"type\":\"nope\"}",
                "{\"type\":\"join\",\"doc\":\"d\"}",
                "{\"type\":\"ping\",\"id\":1}",
                "{\"type\":\"op\",\"doc\":\"d\",\"base\":0,\"clientId\":\"c\",\"seq\":1,\"op\":[\"x\"]}",
                "{\"type\":\"hello\"}",
                "{\"type\":\"hello\",\"protocol\":\"1\"}",
                "{\"type\":\"hello\",\"protocol\":0}",
                "{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"c\"}",
                "{\"type\":\"hello\",\"protocol\":1,\"resume\":\"r\"}",
                "{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"a.b\",\"resume\":\"r\"}",
                "{\"type\":\"hello\",\"protocol\":1,\"name\":\"" + "n".repeat(65) + "\"}",
                "{\"type\":\"hello\",\"protocol\":1,\"name\":\"a\\u0000b\"}",
                "{\"type\":\"hello\",\"protocol\":1,\"name\":\"\\ud800\"}",
                "{\"type\":\"hello\",\"protocol\":1,\"token\":5}",
                "{\"type\":\"hello\",\"protocol\":1,\"protocol\":1}",
                "{\"type\":\"hello\",\"protocol\":1} trailing");
    }

    @ParameterizedTest
    @MethodSource("badFirstMessages")
    void everyBadFirstMessageClosesWith4502AndGetsNoReply(String frame) {
        FakeTransport t = new FakeTransport();
        ClientSession s = sessions.open(t);
        s.onText(frame);
        assertEquals(CloseCode.PROTOCOL_VIOLATION, t.closedWith.get());
        assertEquals(List.of(), t.sent, "no reply before hello");
    }

    @Test
    void anUnsupportedProtocolCloses4500() {
        FakeTransport t = new FakeTransport();
        sessions.open(t).onText("{\"type\":\"hello\",\"protocol\":2}");
        assertEquals(CloseCode.UNSUPPORTED_PROTOCOL, t.closedWith.get());
    }

    @Test
    void aNewClientIsIssuedAnIdentityAndResumesItWithItsSecret() {
        FakeTransport t1 = new FakeTransport();
        ServerMessage.Welcome first = hello(sessions.open(t1), t1, null, null);
        assertTrue(sessions.identity.verify(first.clientId(), first.resume(), ""));

        FakeTransport t2 = new FakeTransport();
        ServerMessage.Welcome again = hello(sessions.open(t2), t2, first.clientId(), first.resume());
        assertEquals(first.clientId(), again.clientId());
        assertEquals(CloseCode.NORMAL, t1.closedWith.get(), "the same client reconnecting replaces its older connection");
    }

    /** Issue 8.2: knowing a client id (it travels in every op) must not let anyone act under it. */
    @Test
    void anotherClientIdWithoutItsSecretGetsAnIdentityOfItsOwn() {
        FakeTransport victim = new FakeTransport();
        ServerMessage.Welcome v = hello(sessions.open(victim), victim, null, null);

        FakeTransport attacker = new FakeTransport();
        ClientSession a = sessions.open(attacker);
        ServerMessage.Welcome w = hello(a, attacker, v.clientId(), "forged-secret");
        assertNotEquals(v.clientId(), w.clientId());
        assertNull(victim.closedWith.get(), "the victim stays connected");

        a.onText("{\"type\":\"op\",\"doc\":\"d\",\"base\":0,\"clientId\":\"" + v.clientId() + "\",\"seq\":1,\"op\":[\"x\"]}");
        ServerMessage.ErrorReply e = attacker.sent(ServerMessage.ErrorReply.class).get(0);
        assertEquals("invalid_field", e.code().code());
    }

    /** Issue 8.3: the outbox is bounded in bytes, not only in frames. */
    @Test
    void aReaderThatFallsBehindByMoreThanTheByteCapIsClosed4001() {
        FakeTransport t = new FakeTransport();
        ClientSession s = sessions.open(t);
        hello(s, t, null, null);
        t.stall = true;
        byte[] big = ("{\"type\":\"pong\",\"id\":\"" + "x".repeat(60) + "\"}").getBytes();
        byte[] frame = new byte[600_000];
        System.arraycopy(big, 0, frame, 0, big.length);
        java.util.Arrays.fill(frame, big.length, frame.length, (byte) ' ');
        s.sendEncoded(frame); // one frame of any size fits
        assertNull(t.closedWith.get());
        s.sendEncoded(frame); // 1.2 MB queued > 1 MiB
        assertEquals(CloseCode.SLOW_CONSUMER, t.closedWith.get());
    }

    /** Issue 8.4: a session the server ends leaves at once, even if its close frame cannot be written. */
    @Test
    void aSessionTheServerEndsIsGoneAtOnceEvenBeforeTheSocketCloses() {
        FakeTransport t = new FakeTransport();
        ClientSession s = sessions.open(t);
        hello(s, t, null, null);
        assertEquals(1, sessions.registry.size());
        t.stall = true;
        s.close(CloseCode.SLOW_CONSUMER);
        assertEquals(0, sessions.registry.size());
        s.onClosed(); // the socket closes later: nothing happens twice
        assertEquals(1, t.closes.get());
    }

    /** Issue 8.8: RFC 6455 fails a connection that sets reserved bits without an extension. */
    @Test
    void reservedBitsFailTheConnection() {
        FakeTransport t = new FakeTransport();
        ClientSession s = sessions.open(t);
        hello(s, t, null, null);
        s.onReservedBits();
        assertEquals(CloseCode.PROTOCOL_ERROR, t.closedWith.get());
    }
}
