package io.cowrite.core.protocol;

import static io.cowrite.core.protocol.ErrorCode.INVALID_DOC_ID;
import static io.cowrite.core.protocol.ErrorCode.INVALID_FIELD;
import static io.cowrite.core.protocol.ErrorCode.INVALID_JSON;
import static io.cowrite.core.protocol.ErrorCode.INVALID_OP;
import static io.cowrite.core.protocol.ErrorCode.UNKNOWN_TYPE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed client frame gives its exact reply error; nothing is thrown. */
class MalformedClientTest {
    private static final ProtocolCodec CODEC = new ProtocolCodec();

    static Decoded.Failure<ClientMessage> fail(String json, ErrorCode expected) {
        Decoded<ClientMessage> d = CODEC.decodeClient(json);
        var f = assertInstanceOf(Decoded.Failure.class, d, () -> "decoded " + json);
        assertEquals(expected, f.code(), () -> json + " -> " + f.message());
        @SuppressWarnings("unchecked")
        Decoded.Failure<ClientMessage> typed = (Decoded.Failure<ClientMessage>) f;
        return typed;
    }

    static String op(String fields) {
        return "{\"type\":\"op\",\"doc\":\"d\",\"base\":0,\"clientId\":\"c\",\"seq\":1," + fields + "}";
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("", INVALID_JSON),
                arguments("   ", INVALID_JSON),
                arguments("not json", INVALID_JSON),
                arguments("{", INVALID_JSON),
                arguments("{\"type\":\"leave\",\"doc\":\"d\"", INVALID_JSON),
                arguments("{\"type\":\"leave\",\"doc\":\"d\"}{}", INVALID_JSON),
                arguments("{\"type\":\"leave\",\"doc\":\"d\"} x", INVALID_JSON),
                arguments("{\"type\":\"leave\",\"doc\":\"d\",\"doc\":\"e\"}", INVALID_JSON),
                arguments("{\"type\":\"ping\",\"id\":NaN}", INVALID_JSON),
                arguments("{\"type\":\"ping\",\"id\":Infinity}", INVALID_JSON),
                arguments("{'type':'ping'}", INVALID_JSON),
                arguments("{\"type\":\"ping\"} // c", INVALID_JSON),
                arguments("[]", INVALID_JSON),
                arguments("[{\"type\":\"ping\"}]", INVALID_JSON),
                arguments("\"ping\"", INVALID_JSON),
                arguments("42", INVALID_JSON),
                arguments("null", INVALID_JSON),
                arguments("true", INVALID_JSON),
                arguments("{}", INVALID_FIELD),
                arguments("{\"type\":null}", INVALID_FIELD),
                arguments("{\"type\":1}", INVALID_FIELD),
                arguments("{\"type\":[\"ping\"]}", INVALID_FIELD),
                arguments("{\"type\":\"pong\"}", UNKNOWN_TYPE),
                arguments("{\"type\":\"PING\"}", UNKNOWN_TYPE),
                arguments("{\"type\":\"\"}", UNKNOWN_TYPE),
                // hello
                arguments("{\"type\":\"hello\",\"clientId\":\"c\",\"resume\":\"r\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":\"1\",\"clientId\":\"c\",\"resume\":\"r\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":true,\"clientId\":\"c\",\"resume\":\"r\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":0,\"clientId\":\"c\",\"resume\":\"r\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":1.5,\"clientId\":\"c\",\"resume\":\"r\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":2147483648,\"clientId\":\"c\",\"resume\":\"r\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":1,\"resume\":\"r\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"c\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"c\",\"resume\":\"a.b\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":1,\"name\":\"a\\u0000b\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"" + "c".repeat(65) + "\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"a.b\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"a b\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"ü\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":1,\"clientId\":7}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"c\",\"resume\":\"r\",\"name\":\"" + "n".repeat(65) + "\"}",
                        INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"c\",\"resume\":\"r\",\"name\":\"\\ud800\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"c\",\"resume\":\"r\",\"name\":\"\\udc00x\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"c\",\"resume\":\"r\",\"name\":\"\ud800\"}", INVALID_FIELD),
                arguments("{\"type\":\"hello\",\"protocol\":1,\"clientId\":\"c\",\"resume\":\"r\",\"token\":5}", INVALID_FIELD),
                // join
                arguments("{\"type\":\"join\"}", INVALID_FIELD),
                arguments("{\"type\":\"join\",\"doc\":\"d\",\"version\":-1}", INVALID_FIELD),
                arguments("{\"type\":\"join\",\"doc\":\"d\",\"version\":1.5}", INVALID_FIELD),
                arguments("{\"type\":\"join\",\"doc\":\"d\",\"version\":\"3\"}", INVALID_FIELD),
                arguments("{\"type\":\"join\",\"doc\":\"d\",\"version\":false}", INVALID_FIELD),
                arguments("{\"type\":\"join\",\"doc\":\"d\",\"version\":1e400}", INVALID_FIELD),
                arguments("{\"type\":\"join\",\"doc\":\"d\",\"version\":-1e400}", INVALID_FIELD),
                arguments("{\"type\":\"join\",\"doc\":\"d\",\"version\":9223372036854775808}", INVALID_FIELD),
                arguments("{\"type\":\"join\",\"doc\":\"d\",\"version\":9007199254740992}", INVALID_FIELD),
                arguments("{\"type\":\"join\",\"doc\":\"d\",\"version\":9007199254740991.5}", INVALID_FIELD),
                arguments("{\"type\":\"join\",\"doc\":\"d\",\"version\":1.0000000000000001}", INVALID_FIELD),
                arguments("{\"type\":\"join\",\"doc\":\"d\",\"version\":1e-400}", INVALID_FIELD),
                arguments("{\"type\":\"join\",\"doc\":\"d\",\"version\":[1]}", INVALID_FIELD),
                arguments("{\"type\":\"join\",\"doc\":\"\"}", INVALID_DOC_ID),
                arguments("{\"type\":\"join\",\"doc\":\"" + "d".repeat(129) + "\"}", INVALID_DOC_ID),
                arguments("{\"type\":\"join\",\"doc\":\"a.b\"}", INVALID_DOC_ID),
                arguments("{\"type\":\"join\",\"doc\":\"a b\"}", INVALID_DOC_ID),
                arguments("{\"type\":\"join\",\"doc\":\"ü\"}", INVALID_DOC_ID),
                arguments("{\"type\":\"join\",\"doc\":\">\"}", INVALID_DOC_ID),
                arguments("{\"type\":\"join\",\"doc\":\"*\"}", INVALID_DOC_ID),
                arguments("{\"type\":\"join\",\"doc\":\"a/b\"}", INVALID_DOC_ID),
                arguments("{\"type\":\"join\",\"doc\":\"\\u0000\"}", INVALID_DOC_ID),
                arguments("{\"type\":\"join\",\"doc\":42}", INVALID_DOC_ID),
                arguments("{\"type\":\"join\",\"doc\":{}}", INVALID_DOC_ID),
                // op
                arguments(op("\"op\":[1]").replace("\"base\":0,", ""), INVALID_FIELD),
                arguments(op("\"op\":[\"x\"]").replace("\"base\":0", "\"base\":-1"), INVALID_FIELD),
                arguments(op("\"op\":[\"x\"]").replace("\"seq\":1", "\"seq\":0"), INVALID_FIELD),
                arguments(op("\"op\":[\"x\"]").replace("\"seq\":1", "\"seq\":-5"), INVALID_FIELD),
                arguments(op("\"op\":[\"x\"]").replace("\"seq\":1", "\"seq\":2.5"), INVALID_FIELD),
                arguments(op("\"op\":[\"x\"]").replace("\"seq\":1", "\"seq\":9007199254740992"), INVALID_FIELD),
                arguments(op("\"op\":[\"x\"]").replace("\"seq\":1", "\"seq\":\"1\""), INVALID_FIELD),
                arguments(op("\"op\":[\"x\"]").replace("\"clientId\":\"c\"", "\"clientId\":\"c*\""), INVALID_FIELD),
                arguments(op("\"op\":[\"x\"]").replace("\"doc\":\"d\"", "\"doc\":\"d.e\""), INVALID_DOC_ID),
                arguments(op("\"x\":1"), INVALID_FIELD),
                arguments(op("\"op\":null"), INVALID_FIELD));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rejectedWithExactCode(String json, ErrorCode code) {
        var f = fail(json, code);
        assertTrue(f.message() != null && !f.message().isBlank());
    }

    static Stream<Arguments> badOps() {
        return Stream.of(
                arguments("{}", "op_not_array"),
                arguments("\"abc\"", "op_not_array"),
                arguments("[true]", "op_bad_component"),
                arguments("[null]", "op_bad_component"),
                arguments("[[1]]", "op_bad_component"),
                arguments("[{\"d\":1,\"x\":2}]", "op_bad_component"),
                arguments("[{\"x\":2}]", "op_bad_delete"),
                arguments("[{\"d\":true}]", "op_bad_delete"),
                arguments("[{\"d\":0}]", "op_empty_delete"),
                arguments("[{\"d\":\"\"}]", "op_empty_delete"),
                arguments("[\"\"]", "op_empty_insert"),
                arguments("[0,\"x\"]", "op_bad_skip"),
                arguments("[-1,\"x\"]", "op_bad_skip"),
                arguments("[1.5,\"x\"]", "op_bad_skip"),
                arguments("[1e400,\"x\"]", "op_bad_skip"),
                arguments("[1,2,\"x\"]", "op_adjacent_skips"),
                arguments("[\"x\",3]", "op_trailing_skip"),
                arguments("[\"\\ud800\"]", "op_ill_formed_utf16"),
                arguments("[{\"d\":\"\\udfff\"}]", "op_ill_formed_utf16"),
                arguments("[\"a\\u0000b\"]", "op_nul_character"),
                arguments("[{\"d\":\"\\u0000\"}]", "op_nul_character"));
    }

    @ParameterizedTest
    @MethodSource("badOps")
    void invalidOpCarriesTheOtErrorAsDetail(String opJson, String detail) {
        var f = fail(op("\"op\":" + opJson), INVALID_OP);
        assertEquals(detail, f.detail());
        assertEquals(DocId.of("d"), f.doc());
        assertEquals(1L, f.seq());
        assertEquals("op", f.type());
        var reply = f.toReply();
        assertEquals(detail, reply.detail());
        assertEquals(1L, reply.seq());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void failuresCarryNoInvalidCorrelation(String json, ErrorCode code) {
        var f = fail(json, code);
        if (f.doc() != null) assertTrue(DocId.isValid(f.doc().value()));
        if (f.seq() != null) assertTrue(f.seq() >= 1 && f.seq() <= Protocol.MAX_SAFE_INTEGER);
    }

    @org.junit.jupiter.api.Test
    void correlationOfAFieldErrorAfterTheDocIsRead() {
        var f = fail(op("\"op\":[\"x\"]").replace("\"base\":0", "\"base\":-1"), INVALID_FIELD);
        assertEquals(DocId.of("d"), f.doc());
        assertEquals(1L, f.seq());
        assertTrue(f.message().contains("'base'"), f.message());
        var g = fail("{\"type\":\"wat\",\"doc\":\"d\",\"seq\":4}", UNKNOWN_TYPE);
        assertNull(g.type());
        assertEquals(4L, g.seq());
        var h = fail("{\"type\":\"cursor\",\"doc\":\"d\",\"version\":1,\"anchor\":0}", INVALID_FIELD);
        assertTrue(h.message().contains("'head'"), h.message());
        assertEquals("cursor", h.type());
    }

    @org.junit.jupiter.api.Test
    void nullInputIsInvalidJson() {
        fail(null, INVALID_JSON);
    }
}
