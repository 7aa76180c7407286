package io.cowrite.editor.doc;

import io.cowrite.bus.history.AppendRequest;
import io.cowrite.bus.history.AppendResult;
import io.cowrite.bus.history.CommittedOp;
import io.cowrite.bus.history.LoadResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The editor node's view of history-service. Every method is asynchronous and may fail with a
 * timeout or an unavailable bus; a failed append may or may not have been committed, so the
 * caller must be ready to learn the outcome later (as a conflict carrying its own ops).
 * Implementations are thread-safe; futures complete on an arbitrary thread.
 */
public interface History {
    /** Latest milestone plus the ops after it. */
    CompletableFuture<LoadResult> load(String doc);

    /** Every committed op in {@code [from, toExclusive)}, in version order (pages internally). */
    CompletableFuture<List<CommittedOp>> range(String doc, long from, long toExclusive);

    /** The document's head version (the number of committed ops). */
    CompletableFuture<Long> head(String doc);

    /** Compare-and-set append of a batch at {@code request.expectedVersion()}, all or nothing. */
    CompletableFuture<AppendResult> append(AppendRequest request);
}
