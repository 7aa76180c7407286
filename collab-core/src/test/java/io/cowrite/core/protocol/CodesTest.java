package io.cowrite.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodesTest {

    @Test
    void errorCodesAreUniqueSnakeCaseAndOnlyTransientOnesAreRetryable() {
        Set<String> seen = new HashSet<>();
        for (ErrorCode c : ErrorCode.values()) {
            assertTrue(c.code().matches("[a-z][a-z_]*"), c.code());
            assertTrue(seen.add(c.code()), c.code());
            assertEquals(Optional.of(c), ErrorCode.fromCode(c.code()));
        }
        Set<ErrorCode> retryable = new HashSet<>();
        for (ErrorCode c : ErrorCode.values()) if (c.retryable()) retryable.add(c);
        assertEquals(Set.of(ErrorCode.RATE_LIMITED, ErrorCode.UNAVAILABLE, ErrorCode.INTERNAL), retryable);
        assertEquals(Optional.empty(), ErrorCode.fromCode("nope"));
    }

    @Test
    void closeCodesFollowTheirRange() {
        Set<Integer> seen = new HashSet<>();
        for (CloseCode c : CloseCode.values()) {
            assertTrue(seen.add(c.code()));
            assertTrue(c.reason().getBytes(StandardCharsets.UTF_8).length <= 123, c.name());
            assertTrue(c.reason().matches("[a-z_]+"), c.reason());
            CloseCode.Reconnect expected = c.code() == 1000 ? CloseCode.Reconnect.NO
                    : c.code() >= 4500 ? CloseCode.Reconnect.AFTER_CHANGE : CloseCode.Reconnect.WITH_BACKOFF;
            assertEquals(expected, c.reconnect(), c.name());
            assertEquals(expected, CloseCode.ruleFor(c.code()));
            assertTrue(c.code() < 4000 || c.code() > 4999 || c.code() < 4500 == (expected == CloseCode.Reconnect.WITH_BACKOFF));
        }
        assertEquals(CloseCode.Reconnect.WITH_BACKOFF, CloseCode.ruleFor(4400));
        assertEquals(CloseCode.Reconnect.AFTER_CHANGE, CloseCode.ruleFor(4999));
        assertEquals(CloseCode.Reconnect.WITH_BACKOFF, CloseCode.ruleFor(1006));
        assertEquals(CloseCode.Reconnect.WITH_BACKOFF, CloseCode.ruleFor(1011));
        assertEquals(Arrays.asList(4000, 4001, 4002, 4003, 4004, 4005, 4006, 4500, 4501, 4502, 4503),
                Arrays.stream(CloseCode.values()).map(CloseCode::code).filter(x -> x >= 4000).toList());
    }

    @Test
    void docIdFactoryValidates() {
        assertEquals("a-B_9", DocId.of("a-B_9").value());
        assertEquals("x".repeat(128), DocId.of("x".repeat(128)).toString());
        for (String bad : new String[] {"", "x".repeat(129), "a.b", "a b", "ü", ">", "*", "a\nb"}) {
            assertFalse(DocId.isValid(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> DocId.of(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> DocId.of(null));
    }

    @Test
    void recordsRejectInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> new ClientMessage.Join(Samples.DOC, -1L));
        assertThrows(IllegalArgumentException.class, () -> new ClientMessage.Hello(1, "a b", "r", null, null));
        assertThrows(IllegalArgumentException.class, () -> new ClientMessage.Hello(1, "c", "r", null, "\ud800"));
        assertThrows(IllegalArgumentException.class, () -> new ClientMessage.Hello(1, null, null, null, "a\u0000b"));
        assertThrows(IllegalArgumentException.class, () -> new ClientMessage.Hello(1, "c", null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ClientMessage.Ping(1.5));
        assertThrows(IllegalArgumentException.class, () -> new ServerMessage.Ack(Samples.DOC, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ServerMessage.Ack(Samples.DOC, 1, Protocol.MAX_SAFE_INTEGER + 1));
        assertThrows(IllegalArgumentException.class, () -> new Peer("c", "n", "red"));
        assertThrows(IllegalArgumentException.class, () -> new ServerMessage.Catchup(Samples.DOC, 3, 5,
                java.util.List.of(new CommittedOp(3, io.cowrite.core.ot.TextOp.NOOP, "c", 1, "", 0))));
        assertThrows(IllegalArgumentException.class, () -> new ServerMessage.Catchup(Samples.DOC, 3, 4,
                java.util.List.of(new CommittedOp(4, io.cowrite.core.ot.TextOp.NOOP, "c", 1, "", 0))));
    }

    @Test
    void failureToReplyKeepsRetryableFromTheCode() {
        var f = new Decoded.Failure<ClientMessage>(ErrorCode.INVALID_OP, "m", "op", Samples.DOC, 3L, "op_bad_skip");
        var r = f.toReply();
        assertFalse(r.retryable());
        assertEquals(new ServerMessage.ErrorReply(ErrorCode.INVALID_OP, "m", Samples.DOC, 3L, "op_bad_skip"), r);
        assertThrows(IllegalStateException.class, f::orElseThrow);
    }
}
