package io.cowrite.bus.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryCodecTest {
    private final HistoryCodec codec = new HistoryCodec();

    static TextOp op() throws OtException {
        return TextOp.of(new Component.Skip(3), new Component.Insert("h\uD83D\uDE00"), new Component.DeleteText("xy"));
    }

    static CommittedOp committed(long v) throws OtException {
        return new CommittedOp("doc-1", v, "c1", 7 + v, "alice", op(), 1_700_000_000_123L);
    }

    private <T> void roundTrip(T value, Class<T> type) {
        assertEquals(value, codec.decode(codec.encode(value), type));
        assertEquals(value, codec.decodeReply(codec.encodeOk(value), type));
    }

    @Test
    void committedOp() throws OtException {
        roundTrip(committed(4), CommittedOp.class);
    }

    @Test
    void newOp() throws OtException {
        roundTrip(new NewOp("c1", 2, "bob", op()), NewOp.class);
    }

    @Test
    void appendRequest() throws OtException {
        roundTrip(new AppendRequest("d", 12, List.of(new NewOp("c1", 1, "a", op()), new NewOp("c2", 9, null, TextOp.NOOP))),
                AppendRequest.class);
    }

    @Test
    void appendResults() throws OtException {
        roundTrip(new AppendResult.Appended(List.of(Outcome.committed(5), Outcome.committed(6))), AppendResult.class);
        roundTrip(new AppendResult.Duplicate(List.of(new AppendResult.DuplicateOf("c", 3, 2))), AppendResult.class);
        roundTrip(new AppendResult.Conflict(9, List.of(committed(7), committed(8)), true), AppendResult.class);
        roundTrip(new AppendResult.Failed(HistoryError.INVALID_OP, "no"), AppendResult.class);
    }

    @Test
    void appendResultCarriesItsType() {
        String json = new String(codec.encode(new AppendResult.Failed("x", "y")), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"type\":\"failed\""), json);
    }

    @Test
    void loadRangeHead() throws OtException {
        roundTrip(new LoadRequest("d"), LoadRequest.class);
        roundTrip(new LoadResult("d", 100, "text \uD83D\uDE00", List.of(committed(100))), LoadResult.class);
        roundTrip(new RangeRequest("d", 3, 10), RangeRequest.class);
        roundTrip(new RangeResult("d", List.of(committed(3)), false, 4), RangeResult.class);
        roundTrip(new HeadRequest("d"), HeadRequest.class);
        roundTrip(new HeadResult("d", 42), HeadResult.class);
        roundTrip(new CommittedBatch("d", List.of(committed(0), committed(1))), CommittedBatch.class);
        roundTrip(HistoryError.of(HistoryError.UNAVAILABLE, "down"), HistoryError.class);
    }

    @Test
    void errorReplyBecomesTypedException() {
        byte[] retryable = codec.encodeError(HistoryError.of(HistoryError.UNAVAILABLE, "db down"));
        HistoryException e = assertThrows(HistoryException.Unavailable.class, () -> codec.decodeReply(retryable, HeadResult.class));
        assertEquals(HistoryError.UNAVAILABLE, e.code());
        byte[] rejected = codec.encodeError(HistoryError.of(HistoryError.INVALID_DOC, "bad id"));
        assertEquals(HistoryError.INVALID_DOC,
                assertThrows(HistoryException.Rejected.class, () -> codec.decodeReply(rejected, HeadResult.class)).code());
    }

    @Test
    void malformedInputIsBadRequest() {
        for (String bad : List.of("{", "null", "[]", "{\"doc\":\"d\",\"expectedVersion\":1,\"ops\":[{\"clientId\":\"c\",\"seq\":1,\"op\":[0]}]}",
                "{\"doc\":\"d\",\"ops\":[]}")) {
            HistoryException e = assertThrows(HistoryException.Rejected.class,
                    () -> codec.decode(bad.getBytes(StandardCharsets.UTF_8), AppendRequest.class), bad);
            assertEquals(HistoryError.BAD_REQUEST, e.code());
        }
    }
}
