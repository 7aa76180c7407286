package io.cowrite.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Inputs meant to exhaust the decoder: depth, size, number length. */
class HostileInputTest {
    private final ProtocolCodec codec = new ProtocolCodec();

    private ErrorCode code(ProtocolCodec c, String json) {
        return assertInstanceOf(Decoded.Failure.class, c.decodeClient(json)).code();
    }

    @Test
    void deeplyNestedJsonIsRejectedWithoutStackOverflow() {
        int depth = 200_000;
        String arrays = "[".repeat(depth) + "]".repeat(depth);
        assertEquals(ErrorCode.INVALID_JSON, code(codec, arrays));
        String inField = "{\"type\":\"ping\",\"x\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
        assertEquals(ErrorCode.INVALID_JSON, code(codec, inField));
        String unclosed = "{\"type\":\"op\",\"op\":" + "[".repeat(depth);
        assertEquals(ErrorCode.INVALID_JSON, code(codec, unclosed));
    }

    @Test
    void nestingWithinTheLimitStillDecodes() {
        String extra = "[".repeat(20) + "]".repeat(20);
        var d = codec.decodeClient("{\"type\":\"leave\",\"doc\":\"d\",\"future\":" + extra + "}");
        assertEquals(new Decoded.Ok<>(new ClientMessage.Leave(DocId.of("d"))), d);
    }

    @Test
    void fiveMegabyteStringIsHandled() {
        String big = "x".repeat(5 * 1024 * 1024);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertEquals(ErrorCode.INVALID_FIELD,
                    code(codec, "{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"c\",\"name\":\"" + big + "\"}"));
            assertEquals(ErrorCode.INVALID_DOC_ID, code(codec, "{\"type\":\"join\",\"doc\":\"" + big + "\"}"));
            assertEquals(ErrorCode.UNKNOWN_TYPE, code(codec, "{\"type\":\"" + big + "\"}"));
            // a 5 MB insert is a valid op as far as the codec goes (the edge bounds frames, the server the doc)
            var op = codec.decodeClient(
                    "{\"type\":\"op\",\"doc\":\"d\",\"base\":0,\"clientId\":\"c\",\"seq\":1,\"op\":[\"" + big + "\"]}");
            assertEquals(true, op.isOk());
            // a snapshot of 5 MB round-trips
            var snap = new ServerMessage.Snapshot(DocId.of("d"), 1, big, false);
            assertEquals(new Decoded.Ok<>(snap), codec.decodeServer(codec.encode(snap)));
        });
    }

    @Test
    void maxCharsGuardRefusesBeforeParsing() {
        ProtocolCodec small = new ProtocolCodec(1024);
        String big = "{\"type\":\"ping\",\"id\":\"" + "x".repeat(2000) + "\"}";
        assertEquals(ErrorCode.MESSAGE_TOO_BIG, code(small, big));
        assertEquals(ErrorCode.INVALID_FIELD, code(codec, big)); // id longer than 64
        assertEquals(true, small.decodeClient("{\"type\":\"ping\"}").isOk());
    }

    @Test
    void hugeNumbersAreRejectedCheaply() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertEquals(ErrorCode.INVALID_JSON,
                    code(codec, "{\"type\":\"join\",\"doc\":\"d\",\"version\":" + "9".repeat(100_000) + "}"));
            assertEquals(ErrorCode.INVALID_FIELD,
                    code(codec, "{\"type\":\"join\",\"doc\":\"d\",\"version\":1e999999999}"));
            assertEquals(ErrorCode.INVALID_FIELD,
                    code(codec, "{\"type\":\"join\",\"doc\":\"d\",\"version\":1e-999999999}"));
            assertEquals(ErrorCode.INVALID_FIELD,
                    code(codec, "{\"type\":\"op\",\"doc\":\"d\",\"base\":0,\"clientId\":\"c\",\"seq\":1e999999999,"
                            + "\"op\":[\"x\"]}"));
        });
    }

    @Test
    void manyKeysAndLongArraysAreFine() {
        StringBuilder sb = new StringBuilder("{\"type\":\"leave\",\"doc\":\"d\"");
        for (int i = 0; i < 50_000; i++) sb.append(",\"k").append(i).append("\":").append(i);
        sb.append('}');
        assertEquals(true, codec.decodeClient(sb.toString()).isOk());
    }
}
