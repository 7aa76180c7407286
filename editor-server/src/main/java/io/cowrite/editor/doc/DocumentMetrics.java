package io.cowrite.editor.doc;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the write and delivery paths, summed over all documents of this node. Thread-safe. */
public final class DocumentMetrics {
    public final LongAdder batches = new LongAdder();
    public final LongAdder batchedOps = new LongAdder();
    public final LongAdder conflicts = new LongAdder();
    /** Ops refused (retryable) after their batch met {@code max-conflict-retries} conflicts in a row. */
    public final LongAdder contendedRejections = new LongAdder();
    public final LongAdder appendFailures = new LongAdder();
    public final LongAdder gapsFilled = new LongAdder();
    /** Head checks that found this node behind history-service (a dropped last message). */
    public final LongAdder headDrift = new LongAdder();
    public final LongAdder resyncs = new LongAdder();
}
