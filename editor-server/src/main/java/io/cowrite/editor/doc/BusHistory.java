package io.cowrite.editor.doc;

import io.cowrite.bus.history.AppendRequest;
import io.cowrite.bus.history.AppendResult;
import io.cowrite.bus.history.CommittedOp;
import io.cowrite.bus.history.HistoryClient;
import io.cowrite.bus.history.LoadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@link History} over the bus, through {@link HistoryClient}; ranges are fetched page by page. */
public final class BusHistory implements History {
    private final HistoryClient client;

    public BusHistory(HistoryClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<LoadResult> load(String doc) {
        return client.load(doc);
    }

    @Override
    public CompletableFuture<List<CommittedOp>> range(String doc, long from, long toExclusive) {
        return page(doc, from, toExclusive, new ArrayList<>());
    }

    private CompletableFuture<List<CommittedOp>> page(String doc, long from, long to, List<CommittedOp> acc) {
        if (from >= to) return CompletableFuture.completedFuture(acc);
        return client.range(doc, from, to).thenCompose(r -> {
            acc.addAll(r.ops());
            long next = from + r.ops().size();
            if (r.ops().isEmpty() || next >= to) {
                if (next < to) {
                    return CompletableFuture.failedFuture(new IllegalStateException(
                            "history holds " + doc + " only up to " + next + ", asked for " + to));
                }
                return CompletableFuture.completedFuture(acc);
            }
            return page(doc, next, to, acc);
        });
    }

    @Override
    public CompletableFuture<Long> head(String doc) {
        return client.head(doc);
    }

    @Override
    public CompletableFuture<AppendResult> append(AppendRequest request) {
        return client.append(request);
    }
}
