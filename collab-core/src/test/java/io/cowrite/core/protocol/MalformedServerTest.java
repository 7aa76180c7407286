package io.cowrite.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The server-frame decoder (for Java clients) is as strict as the client-frame one. */
class MalformedServerTest {
    private final ProtocolCodec codec = new ProtocolCodec();

    private Decoded.Failure<?> fail(String json, ErrorCode code) {
        var f = assertInstanceOf(Decoded.Failure.class, codec.decodeServer(json), json);
        assertEquals(code, f.code(), () -> json + " -> " + f.message());
        return f;
    }

    @Test
    void rejects() {
        fail("{\"type\":\"hello\"}", ErrorCode.UNKNOWN_TYPE);
        fail("{\"type\":\"ack\",\"doc\":\"d\",\"seq\":1}", ErrorCode.INVALID_FIELD);
        fail("{\"type\":\"error\",\"code\":\"nope\",\"message\":\"m\",\"retryable\":false}", ErrorCode.INVALID_FIELD);
        fail("{\"type\":\"error\",\"code\":\"internal\",\"message\":\"m\",\"retryable\":false}", ErrorCode.INVALID_FIELD);
        fail("{\"type\":\"snapshot\",\"doc\":\"d\",\"version\":0,\"text\":\"\\ud800\",\"resync\":false}",
                ErrorCode.INVALID_FIELD);
        fail("{\"type\":\"snapshot\",\"doc\":\"d\",\"version\":0,\"text\":\"\",\"resync\":\"no\"}", ErrorCode.INVALID_FIELD);
        fail("{\"type\":\"presence\",\"doc\":\"d\",\"peers\":[1]}", ErrorCode.INVALID_FIELD);
        fail("{\"type\":\"welcome\",\"protocol\":1,\"sessionId\":\"s\",\"node\":\"n\",\"limits\":{\"maxMessageBytes\":0,"
                + "\"maxDocLength\":1,\"opsPerSecond\":1,\"maxPendingMessages\":1}}", ErrorCode.INVALID_FIELD);
        fail("{\"type\":\"remote\",\"doc\":\"d\",\"version\":0,\"op\":[1],\"clientId\":\"c\",\"seq\":1,\"author\":\"\"}",
                ErrorCode.INVALID_OP);
        var f = fail("{\"type\":\"catchup\",\"doc\":\"d\",\"from\":3,\"version\":5,\"ops\":["
                + "{\"version\":3,\"op\":[],\"clientId\":\"c\",\"seq\":1,\"author\":\"\"},"
                + "{\"version\":5,\"op\":[],\"clientId\":\"c\",\"seq\":2,\"author\":\"\"}]}", ErrorCode.INVALID_FIELD);
        assertTrue(f.message().contains("ops[1].version"), f.message());
        fail("{\"type\":\"catchup\",\"doc\":\"d\",\"from\":3,\"version\":5,\"ops\":[]}", ErrorCode.INVALID_FIELD);
    }
}
