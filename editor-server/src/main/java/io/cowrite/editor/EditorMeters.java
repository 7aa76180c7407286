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
 * Publishes the editor node's counters to Micrometer (scraped at {@code /prometheus}): submits forwarded
 * and refused, the delivery path (gaps filled, heartbeats that showed drift, resyncs, frames encoded and
 * delivered), plus open documents and live sessions.
 */
@Context
@Requires(bean = MeterRegistry.class)
@Requires(env = "editor")
public class EditorMeters {

    public EditorMeters(MeterRegistry registry, DocumentMetrics m, DocumentRegistry documents, SessionRegistry sessions) {
        counter(registry, "cowrite.editor.submits", "submits forwarded to their document's owner", m.submits);
        counter(registry, "cowrite.editor.submits.unavailable", "submits the owner answered unavailable (clients resend)", m.unavailable);
        counter(registry, "cowrite.editor.submits.rejected", "submits the owner refused for good", m.rejected);
        counter(registry, "cowrite.editor.gaps.filled", "version gaps filled from history-service", m.gapsFilled);
        counter(registry, "cowrite.editor.head.drift", "head heartbeats that showed this node behind", m.headDrift);
        counter(registry, "cowrite.editor.feed.misfits", "ops from the commit feed that did not apply here (history's replaced them)", m.misfits);
        counter(registry, "cowrite.editor.resyncs", "resuming clients sent a resync snapshot", m.resyncs);
        counter(registry, "cowrite.editor.reloads", "documents reloaded because the ops this node missed were compacted away", m.reloads);
        counter(registry, "cowrite.editor.frames.encoded", "fan-out frames encoded (once per node and message)", m.encodedFrames);
        counter(registry, "cowrite.editor.frames.delivered", "fan-out frames queued to sessions", m.deliveredFrames);
        Gauge.builder("cowrite.editor.documents", documents, DocumentRegistry::size)
                .description("documents open on this node").register(registry);
        Gauge.builder("cowrite.editor.sessions", sessions, SessionRegistry::size)
                .description("live WebSocket sessions on this node").register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).register(registry);
    }
}
