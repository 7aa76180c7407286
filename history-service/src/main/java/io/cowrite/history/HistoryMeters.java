package io.cowrite.history;

import io.cowrite.history.owner.OwnerMetrics;
import io.cowrite.history.owner.OwnerNode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publishes the owner side's counters to Micrometer (scraped at {@code /prometheus}): group commits and
 * what they carried, retries and refusals, shards taken, lost and handed over, and what is owned now.
 */
@Context
@Requires(bean = MeterRegistry.class)
@Requires(env = "history")
public class HistoryMeters {

    public HistoryMeters(MeterRegistry registry, OwnerNode owner) {
        OwnerMetrics m = owner.metrics();
        counter(registry, "cowrite.history.commits", "group-commit transactions committed", m.commits);
        counter(registry, "cowrite.history.committed.batches", "document batches those transactions carried", m.committedBatches);
        counter(registry, "cowrite.history.committed.ops", "ops those transactions carried", m.committedOps);
        counter(registry, "cowrite.history.commit.nanos", "nanoseconds spent in committed transactions", m.commitNanos);
        counter(registry, "cowrite.history.commit.retries", "group commits retried after a retryable storage failure", m.retries);
        counter(registry, "cowrite.history.commit.refusals", "document batches refused for good (a conflict or a permanent storage refusal)", m.refusals);
        counter(registry, "cowrite.history.commits.fenced", "document batches the lease fence refused (the lease had moved)", m.fenced);
        counter(registry, "cowrite.history.shards.taken", "shards this replica took (start, takeover, rebalance)", m.shardsTaken);
        counter(registry, "cowrite.history.shards.lost", "shards this replica lost because its lease lapsed or moved", m.shardsLost);
        counter(registry, "cowrite.history.shards.released", "shards this replica handed over to balance the replicas", m.shardsReleased);
        Gauge.builder("cowrite.history.shards.owned", owner, o -> o.sequencers().shards().size())
                .description("shards this replica owns now").register(registry);
        Gauge.builder("cowrite.history.documents", owner, o -> o.sequencers().documents())
                .description("documents with a live sequencer on this replica").register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).register(registry);
    }
}
