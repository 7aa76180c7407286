package io.cowrite.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoundTripTest {
    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    void everyClientMessageRoundTrips() {
        Set<String> types = new HashSet<>();
        for (ClientMessage m : Samples.client()) {
            String json = codec.encode(m);
            assertTrue(json.startsWith("{\"type\":\"" + m.type() + "\""), json);
            assertEquals(new Decoded.Ok<>(m), codec.decodeClient(json), json);
            types.add(m.type());
        }
        assertEquals(Set.of("hello", "join", "op", "cursor", "leave", "ping"), types);
    }

    @Test
    void everyServerMessageRoundTrips() {
        Set<String> types = new HashSet<>();
        for (ServerMessage m : Samples.server()) {
            String json = codec.encode(m);
            assertTrue(json.startsWith("{\"type\":\"" + m.type() + "\""), json);
            assertEquals(new Decoded.Ok<>(m), codec.decodeServer(json), json);
            types.add(m.type());
        }
        assertEquals(Set.of("welcome", "snapshot", "catchup", "ack", "remote", "cursor", "presence", "peer_joined", "peer_left", "error",
                "reconnect", "pong"), types);
    }

    @Test
    void exactWireForm() {
        assertEquals("{\"type\":\"op\",\"doc\":\"notes-2024_Q1\",\"base\":41,\"clientId\":\"c-1\",\"seq\":7,"
                        + "\"op\":[3,\"hé😀\",{\"d\":2},1,{\"d\":\"x\"}]}",
                codec.encode(Samples.client().get(6)));
        assertEquals("{\"type\":\"join\",\"doc\":\"notes-2024_Q1\"}", codec.encode(Samples.client().get(3)));
        assertEquals("{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"slow down\",\"retryable\":true}",
                codec.encode(ServerMessage.ErrorReply.of(ErrorCode.RATE_LIMITED, "slow down")));
        assertEquals("{\"type\":\"ack\",\"doc\":\"notes-2024_Q1\",\"seq\":7,\"version\":41}",
                codec.encode(new ServerMessage.Ack(Samples.DOC, 7, 41)));
    }

    @Test
    void lenientWhereDocumented() {
        // unknown fields ignored, null = absent, integers by value, whitespace anywhere
        var d = codec.decodeClient(" {\"type\":\"join\",\"doc\":\"d\",\"version\":null,\"future\":{\"x\":[1]}} ");
        assertEquals(new Decoded.Ok<>(new ClientMessage.Join(DocId.of("d"), null)), d);
        var c = codec.decodeClient("{\"type\":\"cursor\",\"doc\":\"d\",\"version\":3.0,\"anchor\":30e-1,\"head\":0.0}");
        assertEquals(new Decoded.Ok<>(new ClientMessage.Cursor(DocId.of("d"), 3, 3, 0)), c);
        var p = codec.decodeClient("{\"type\":\"ping\",\"id\":9007199254740991}");
        assertEquals(new Decoded.Ok<>(new ClientMessage.Ping(Protocol.MAX_SAFE_INTEGER)), p);
    }

    @Test
    void helloWithAnotherProtocolVersionDecodesSoTheServerCanClose4500() {
        var d = codec.decodeClient("{\"type\":\"hello\",\"protocol\":2,\"clientId\":\"c\",\"resume\":\"r\"}");
        assertEquals(new Decoded.Ok<>(new ClientMessage.Hello(2, "c", "r", null, null)), d);
    }
}
