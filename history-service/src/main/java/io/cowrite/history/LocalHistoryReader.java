package io.cowrite.history;

import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.history.api.HeadsRequest;
import io.cowrite.history.api.HistoryReader;
import io.cowrite.history.api.LoadRequest;
import io.cowrite.history.api.LoadResult;
import io.cowrite.history.api.RangeRequest;
import io.cowrite.history.api.RangeResult;
import io.cowrite.history.api.SecretRequest;
import io.cowrite.history.api.SecretResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@link HistoryReader} in process (single-process mode): {@link HistoryService} called directly on an
 * executor (the store blocks), results as objects, no encoding. Fit for production in single-process
 * mode.
 */
public final class LocalHistoryReader implements HistoryReader {
    private final HistoryService service;
    private final Executor executor;

    public LocalHistoryReader(HistoryService service, Executor executor) {
        this.service = service;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<LoadResult> load(String doc) {
        return CompletableFuture.supplyAsync(() -> service.load(new LoadRequest(doc)), executor);
    }

    @Override
    public CompletableFuture<List<CommittedOp>> range(String doc, long from, long toExclusive) {
        return CompletableFuture.supplyAsync(() -> {
            List<CommittedOp> all = new ArrayList<>();
            long next = from;
            while (next < toExclusive) {
                RangeResult page = service.range(new RangeRequest(doc, next, toExclusive));
                all.addAll(page.ops());
                next += page.ops().size();
                if (page.ops().isEmpty()) break;
            }
            return all;
        }, executor);
    }

    @Override
    public CompletableFuture<Map<String, Long>> heads(Collection<String> docs) {
        return CompletableFuture.supplyAsync(() -> service.heads(new HeadsRequest(List.copyOf(docs))).heads(), executor);
    }

    @Override
    public CompletableFuture<String> secret(String name) {
        return CompletableFuture.supplyAsync(() -> service.secret(new SecretRequest(name)), executor).thenApply(SecretResult::value);
    }
}
