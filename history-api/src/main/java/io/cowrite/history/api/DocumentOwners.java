package io.cowrite.history.api;

import java.util.concurrent.CompletableFuture;

/**
 * The documents' owners, as an editor node reaches them: each document is sequenced by exactly one
 * history-service replica at a time, the holder of its shard's lease. Implementations:
 * {@link BusDocumentOwners} (over the bus, to the shard's subject) and, in single-process mode, the
 * owner itself, called in process.
 */
public interface DocumentOwners {

    /**
     * Sends {@code submit} to its document's owner. The future never fails: every failure is a
     * {@link SubmitResult.Refused}, {@code unavailable} (retryable) when no owner answered in time, none
     * holds the shard right now (a takeover is under way), or the owner lost its lease meanwhile. Such a
     * submit may or may not have been committed: resending it with the same (clientId, seq) is safe, the
     * owner answers an already committed op with its original version.
     *
     * <p>Ordering: none between submits; the owner orders them. The committed batch is published before
     * the answer is sent. Thread-safe; the future completes on an arbitrary thread.
     */
    CompletableFuture<SubmitResult> submit(Submit submit);
}
