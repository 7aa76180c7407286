package io.cowrite.history.api;

import io.cowrite.bus.Bus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@link DocumentOwners} over the bus: a request on the subject of the document's shard, which only the
 * shard's owner subscribes to. No responder (a takeover under way), a timeout or a disconnected bus is
 * answered {@code unavailable}.
 */
public final class BusDocumentOwners implements DocumentOwners {
    private final HistorySubjects subjects;
    private final ShardMap shards;
    private final BusCalls calls;

    public BusDocumentOwners(Bus bus, HistorySubjects subjects, ShardMap shards, Duration timeout) {
        this.subjects = subjects;
        this.shards = shards;
        this.calls = new BusCalls(bus, timeout, new HistoryCodec());
    }

    @Override
    public CompletableFuture<SubmitResult> submit(Submit submit) {
        return calls.call(subjects.shardSubmit(shards.shardOf(submit.doc())), submit, SubmitResult.class)
                .exceptionally(e -> SubmitResult.Refused.unavailable(BusCalls.why(
                        e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e)));
    }
}
