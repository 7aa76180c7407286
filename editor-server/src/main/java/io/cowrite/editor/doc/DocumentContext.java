package io.cowrite.editor.doc;

import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.editor.presence.Presence;
import io.cowrite.history.api.DocumentOwners;
import io.cowrite.history.api.HistoryReader;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every document of an editor node shares.
 *
 * @param history  reads of the system of record (loads, gap fills, catch-ups)
 * @param owners   the documents' owners, where submits are forwarded
 * @param settings per-document tunables
 * @param metrics  the node's counters
 * @param codec    encodes fan-out messages once per node
 * @param executor runs the documents' serial executors (virtual threads)
 * @param timers   delayed checks (delivery grace, cursor coalescing)
 * @param presence who is in each document, across nodes
 */
public record DocumentContext(HistoryReader history, DocumentOwners owners, DocumentSettings settings,
                              DocumentMetrics metrics, ProtocolCodec codec, Executor executor,
                              ScheduledExecutorService timers, Presence presence) {
}
