package io.cowrite.bus.history;

import io.cowrite.bus.Bus;
import io.cowrite.bus.BusException;
import io.cowrite.bus.Subjects;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The typed client of history-service over a {@link Bus} (used by editor-server). Each method sends
 * one request to the {@code history} queue group and completes with the decoded reply.
 *
 * <p>Futures fail with {@link HistoryException.Unavailable} (bus down, timeout, no replica running,
 * storage down; code {@link HistoryError#UNAVAILABLE} or {@link HistoryError#OVERLOADED}) or
 * {@link HistoryException.Rejected} (the request is wrong). After an append times out, its outcome is
 * unknown: resend the same ops with the same (clientId, seq); duplicates are answered, not reapplied.
 *
 * <p>Thread-safe. Futures complete on bus threads: do not block in dependent stages.
 */
public final class HistoryClient {
    private final Bus bus;
    private final Subjects subjects;
    private final Duration timeout;
    private final HistoryCodec codec;

    public HistoryClient(Bus bus, Subjects subjects, Duration timeout) {
        this(bus, subjects, timeout, new HistoryCodec());
    }

    public HistoryClient(Bus bus, Subjects subjects, Duration timeout, HistoryCodec codec) {
        this.bus = bus;
        this.subjects = subjects;
        this.timeout = timeout;
        this.codec = codec;
    }

    /** Compare-and-set append of a batch (see {@link AppendRequest}). A conflict or failure is a result, not an exception. */
    public CompletableFuture<AppendResult> append(AppendRequest request) {
        return call(subjects.historyAppend(), request, AppendResult.class);
    }

    /** The latest milestone of {@code doc} plus the ops after it. */
    public CompletableFuture<LoadResult> load(String doc) {
        return call(subjects.historyLoad(), new LoadRequest(doc), LoadResult.class);
    }

    /** One page of the ops {@code from <= version < toExclusive}; page on while {@link RangeResult#more()}. */
    public CompletableFuture<RangeResult> range(String doc, long from, long toExclusive) {
        return call(subjects.historyRange(), new RangeRequest(doc, from, toExclusive), RangeResult.class);
    }

    /** The head version of {@code doc} (0 when unknown). */
    public CompletableFuture<Long> head(String doc) {
        return call(subjects.historyHead(), new HeadRequest(doc), HeadResult.class).thenApply(HeadResult::head);
    }

    private <T> CompletableFuture<T> call(String subject, Object request, Class<T> replyType) {
        return bus.request(subject, codec.encode(request), timeout)
                .handle((bytes, error) -> {
                    if (error != null) throw unavailable(error);
                    return codec.decodeReply(bytes, replyType);
                });
    }

    private static HistoryException unavailable(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String why = switch (e) {
            case BusException.Timeout t -> "history-service did not answer in time";
            case BusException.NoResponders n -> "no history-service replica is running";
            case BusException.Disconnected d -> "the bus is disconnected";
            default -> "request failed: " + e;
        };
        return new HistoryException.Unavailable(HistoryError.UNAVAILABLE, why, e);
    }
}
