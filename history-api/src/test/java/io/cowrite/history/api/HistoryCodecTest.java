package io.cowrite.history.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.core.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryCodecTest {
    private final HistoryCodec codec = new HistoryCodec();

    static TextOp op() throws OtException {
        return TextOp.of(new Component.Skip(3), new Component.Insert("h\uD83D\uDE00"), new Component.DeleteText("xy"));
    }

    static CommittedOp committed(long v) throws OtException {
        return new CommittedOp(v, op(), "c1", 7 + v, "alice", 1_700_000_000_123L);
    }

    private <T> void roundTrip(T value, Class<T> type) {
        assertEquals(value, codec.decode(codec.encode(value), type));
        assertEquals(value, codec.decodeReply(codec.encodeOk(value), type));
    }

    @Test
    void submitsAndTheirResults() throws OtException {
        roundTrip(new Submit("d", 12, "c1", 3, "Ada", op()), Submit.class);
        roundTrip(new SubmitResult.Committed(41), SubmitResult.class);
        roundTrip(new SubmitResult.Refused(ErrorCode.INVALID_OP, "no", "op_too_long"), SubmitResult.class);
        roundTrip(SubmitResult.Refused.unavailable("later"), SubmitResult.class);
    }

    @Test
    void aResultCarriesItsTypeAndErrorsTheirWireCode() {
        String json = new String(codec.encode(new SubmitResult.Refused(ErrorCode.STALE_SEQ, "y", null)), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"type\":\"refused\""), json);
        assertTrue(json.contains("\"code\":\"stale_seq\""), json);
    }

    @Test
    void readsBatchesAndHeads() throws OtException {
        roundTrip(new LoadRequest("d"), LoadRequest.class);
        roundTrip(new LoadResult("d", 100, "text \uD83D\uDE00", List.of(committed(100))), LoadResult.class);
        roundTrip(new RangeRequest("d", 3, 10), RangeRequest.class);
        roundTrip(new RangeResult("d", List.of(committed(3)), false, 4), RangeResult.class);
        roundTrip(new HeadsRequest(List.of("a", "b")), HeadsRequest.class);
        roundTrip(new HeadsResult(Map.of("a", 4L)), HeadsResult.class);
        roundTrip(new Heads(7, Map.of("a", 4L, "b", 9L)), Heads.class);
        roundTrip(new CommittedBatch("d", List.of(committed(0), committed(1))), CommittedBatch.class);
        roundTrip(new SecretRequest("identity"), SecretRequest.class);
        roundTrip(HistoryError.of(HistoryError.UNAVAILABLE, "down"), HistoryError.class);
    }

    @Test
    void errorReplyBecomesTypedException() {
        byte[] retryable = codec.encodeError(HistoryError.of(HistoryError.UNAVAILABLE, "db down"));
        HistoryException e = assertThrows(HistoryException.Unavailable.class, () -> codec.decodeReply(retryable, LoadResult.class));
        assertEquals(HistoryError.UNAVAILABLE, e.code());
        byte[] rejected = codec.encodeError(HistoryError.of(HistoryError.INVALID_DOC, "bad id"));
        assertEquals(HistoryError.INVALID_DOC,
                assertThrows(HistoryException.Rejected.class, () -> codec.decodeReply(rejected, LoadResult.class)).code());
    }

    @Test
    void malformedInputIsBadRequest() {
        for (String bad : List.of("{", "null", "[]",
                "{\"doc\":\"d\",\"base\":1,\"clientId\":\"c\",\"seq\":1,\"op\":[0]}",
                "{\"doc\":\"d\",\"base\":-1,\"clientId\":\"c\",\"seq\":1,\"op\":[\"x\"]}",
                "{\"doc\":\"d\",\"clientId\":\"c\",\"seq\":1}")) {
            HistoryException e = assertThrows(HistoryException.Rejected.class,
                    () -> codec.decode(bad.getBytes(StandardCharsets.UTF_8), Submit.class), bad);
            assertEquals(HistoryError.BAD_REQUEST, e.code());
        }
    }

    @Test
    void theShardMapIsStableAndSpreadsDocuments() {
        ShardMap map = new ShardMap(32);
        assertEquals(map.shardOf("notes-2024_Q1"), new ShardMap(32).shardOf("notes-2024_Q1"));
        int[] counts = new int[32];
        for (int i = 0; i < 32_000; i++) counts[map.shardOf("doc-" + i)]++;
        for (int c : counts) assertTrue(c > 700 && c < 1300, "shards are balanced: " + java.util.Arrays.toString(counts));
    }
}
