package io.cowrite.history.api;

import io.cowrite.bus.Bus;
import io.cowrite.core.protocol.CommittedOp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@link HistoryReader} over the bus: one request to the {@code history} queue group per call (ranges page). */
public final class BusHistoryReader implements HistoryReader {
    private final HistorySubjects subjects;
    private final BusCalls calls;

    public BusHistoryReader(Bus bus, HistorySubjects subjects, Duration timeout) {
        this.subjects = subjects;
        this.calls = new BusCalls(bus, timeout, new HistoryCodec());
    }

    @Override
    public CompletableFuture<LoadResult> load(String doc) {
        return calls.call(subjects.historyLoad(), new LoadRequest(doc), LoadResult.class);
    }

    @Override
    public CompletableFuture<List<CommittedOp>> range(String doc, long from, long toExclusive) {
        return page(doc, from, toExclusive, new ArrayList<>());
    }

    private CompletableFuture<List<CommittedOp>> page(String doc, long from, long to, List<CommittedOp> acc) {
        if (from >= to) return CompletableFuture.completedFuture(acc);
        return calls.call(subjects.historyRange(), new RangeRequest(doc, from, to), RangeResult.class).thenCompose(r -> {
            acc.addAll(r.ops());
            long next = from + r.ops().size();
            if (next >= to) return CompletableFuture.completedFuture(acc);
            if (r.ops().isEmpty()) {
                return CompletableFuture.failedFuture(new HistoryException.Unavailable(HistoryError.UNAVAILABLE,
                        "history holds " + doc + " only up to " + next + ", asked for " + to, null));
            }
            return page(doc, next, to, acc);
        });
    }

    @Override
    public CompletableFuture<Map<String, Long>> heads(Collection<String> docs) {
        return calls.call(subjects.historyHeads(), new HeadsRequest(List.copyOf(docs)), HeadsResult.class)
                .thenApply(HeadsResult::heads);
    }

    @Override
    public CompletableFuture<String> secret(String name) {
        return calls.call(subjects.historySecret(), new SecretRequest(name), SecretResult.class).thenApply(SecretResult::value);
    }
}
