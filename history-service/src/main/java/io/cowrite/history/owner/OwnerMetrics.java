package io.cowrite.history.owner;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the owner side, summed over every owned document. Thread-safe. */
public final class OwnerMetrics {
    /** Group-commit transactions that committed. */
    public final LongAdder commits = new LongAdder();
    /** Document batches they carried. */
    public final LongAdder committedBatches = new LongAdder();
    /** Ops they carried. */
    public final LongAdder committedOps = new LongAdder();
    /** Total nanoseconds spent in committed transactions. */
    public final LongAdder commitNanos = new LongAdder();
    /** Group commits retried after a retryable storage failure. */
    public final LongAdder retries = new LongAdder();
    /** Document batches that failed for good (conflict, refusal). */
    public final LongAdder refusals = new LongAdder();
    /** Document batches refused by the lease fence: this replica tried to commit after its lease moved. */
    public final LongAdder fenced = new LongAdder();
    /** Shards this replica took (after a takeover, start or rebalance). */
    public final LongAdder shardsTaken = new LongAdder();
    /** Shards this replica lost without giving them up (its lease lapsed). */
    public final LongAdder shardsLost = new LongAdder();
    /** Shards this replica handed over to balance the load. */
    public final LongAdder shardsReleased = new LongAdder();

    void committed(int batches, int ops, long nanos) {
        commits.increment();
        committedBatches.add(batches);
        committedOps.add(ops);
        commitNanos.add(nanos);
    }

    void retried() {
        retries.increment();
    }

    void refused() {
        refusals.increment();
    }
}
