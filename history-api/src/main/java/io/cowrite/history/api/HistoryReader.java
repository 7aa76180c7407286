package io.cowrite.history.api;

import io.cowrite.core.protocol.CommittedOp;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reads of the system of record, served by any history-service replica from PostgreSQL (what is read
 * was committed). Implementations: {@link BusHistoryReader} and, in single-process mode, history-service
 * in process. Every method is asynchronous and thread-safe; futures fail with
 * {@link HistoryException.Unavailable} (retry later) or {@link HistoryException.Rejected} (a bad request).
 */
public interface HistoryReader {

    /** The latest milestone of {@code doc} plus every op after it: a consistent snapshot. */
    CompletableFuture<LoadResult> load(String doc);

    /** Every committed op in {@code [from, toExclusive)}, in version order (pages internally). */
    CompletableFuture<List<CommittedOp>> range(String doc, long from, long toExclusive);

    /** The head versions of {@code docs} in one request (absent or 0: never written). */
    CompletableFuture<Map<String, Long>> heads(Collection<String> docs);

    /** The cluster secret {@code name}: created at random once, the same on every node afterwards. */
    CompletableFuture<String> secret(String name);
}
