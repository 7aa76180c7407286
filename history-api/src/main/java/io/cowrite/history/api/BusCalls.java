package io.cowrite.history.api;

import io.cowrite.bus.Bus;
import io.cowrite.bus.BusException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** One request/reply to history-service over the bus, decoded; transport failures become {@link HistoryException.Unavailable}. */
final class BusCalls {
    private final Bus bus;
    private final Duration timeout;
    private final HistoryCodec codec;

    BusCalls(Bus bus, Duration timeout, HistoryCodec codec) {
        this.bus = bus;
        this.timeout = timeout;
        this.codec = codec;
    }

    <T> CompletableFuture<T> call(String subject, Object request, Class<T> replyType) {
        return bus.request(subject, codec.encode(request), timeout).handle((bytes, error) -> {
            if (error != null) throw unavailable(error);
            return codec.decodeReply(bytes, replyType);
        });
    }

    static HistoryException unavailable(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return new HistoryException.Unavailable(HistoryError.UNAVAILABLE, why(e), e);
    }

    static String why(Throwable e) {
        return switch (e) {
            case BusException.Timeout t -> "history-service did not answer in time";
            case BusException.NoResponders n -> "no history-service replica answers on " + n.getMessage();
            case BusException.Disconnected d -> "the bus is disconnected";
            case HistoryException h -> h.getMessage();
            default -> "request failed: " + e;
        };
    }
}
