package io.cowrite.editor;

import io.cowrite.editor.doc.DocumentMetrics;
import io.cowrite.editor.doc.DocumentRegistry;
import io.cowrite.editor.session.SessionRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publishes the editor node's counters to Micrometer (scraped at {@code /prometheus}): the write
 * path (batches, conflicts retried, failed appends) and the delivery path (gaps filled, head checks
 * that found drift, resyncs), plus open documents and live sessions.
 */
@Context
@Requires(bean = MeterRegistry.class)
public class EditorMeters {

    public EditorMeters(MeterRegistry registry, DocumentMetrics m, DocumentRegistry documents, SessionRegistry sessions) {
        counter(registry, "cowrite.editor.batches", "group-commit appends sent", m.batches);
        counter(registry, "cowrite.editor.batched.ops", "ops sent in group-commit appends", m.batchedOps);
        counter(registry, "cowrite.editor.conflicts", "appends that met a compare-and-set conflict and were retried", m.conflicts);
        counter(registry, "cowrite.editor.contended.rejections", "ops refused as unavailable after too many conflicts in a row", m.contendedRejections);
        counter(registry, "cowrite.editor.append.failures", "appends that failed or timed out and were retried", m.appendFailures);
        counter(registry, "cowrite.editor.gaps.filled", "version gaps filled from history-service", m.gapsFilled);
        counter(registry, "cowrite.editor.head.drift", "head checks that found this node behind history-service", m.headDrift);
        counter(registry, "cowrite.editor.resyncs", "resuming clients sent a resync snapshot", m.resyncs);
        Gauge.builder("cowrite.editor.documents", documents, DocumentRegistry::size)
                .description("documents open on this node").register(registry);
        Gauge.builder("cowrite.editor.sessions", sessions, SessionRegistry::size)
                .description("live WebSocket sessions on this node").register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).register(registry);
    }
}
