package io.cowrite.editor.doc;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the forwarding and delivery paths, summed over all documents of this node. Thread-safe. */
public final class DocumentMetrics {
    /** Submits forwarded to their document's owner. */
    public final LongAdder submits = new LongAdder();
    /** Submits the owner refused with a retryable error (no owner, storage down): the client resends. */
    public final LongAdder unavailable = new LongAdder();
    /** Submits the owner refused for good (the op is rejected). */
    public final LongAdder rejected = new LongAdder();
    /** Version gaps filled from history-service (a batch the feed lost). */
    public final LongAdder gapsFilled = new LongAdder();
    /** Heads heartbeats that showed this node behind (the last batch of a burst was lost). */
    public final LongAdder headDrift = new LongAdder();
    /** Ops from the feed that did not apply to the document here: dropped, and the version fetched from history. */
    public final LongAdder misfits = new LongAdder();
    public final LongAdder resyncs = new LongAdder();
    /** Documents reloaded because the ops they missed were compacted away (their people got a resync). */
    public final LongAdder reloads = new LongAdder();
    /** Frames encoded for fan-out (once per node and message, whatever the number of recipients). */
    public final LongAdder encodedFrames = new LongAdder();
    /** Frames queued to sessions by fan-out. */
    public final LongAdder deliveredFrames = new LongAdder();
}
