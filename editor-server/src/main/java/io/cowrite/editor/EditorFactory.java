package io.cowrite.editor;

import io.cowrite.bus.Bus;
import io.cowrite.bus.Subjects;
import io.cowrite.bus.history.HistoryClient;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.editor.doc.BusHistory;
import io.cowrite.editor.doc.DocumentMetrics;
import io.cowrite.editor.doc.DocumentRegistry;
import io.cowrite.editor.doc.DocumentSettings;
import io.cowrite.editor.doc.History;
import io.cowrite.editor.session.SessionLimits;
import io.cowrite.editor.session.SessionRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Wires the editor node: documents run on virtual threads, timers on one scheduler thread. */
@Factory
public class EditorFactory {

    @Singleton
    @Named("cowrite-documents")
    @Bean(preDestroy = "shutdown")
    ExecutorService documentExecutor() {
        return Executors.newVirtualThreadPerTaskExecutor();
    }

    @Singleton
    @Named("cowrite-timers")
    @Bean(preDestroy = "shutdownNow")
    ScheduledExecutorService timers() {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cowrite-timers").factory());
    }

    @Singleton
    DocumentMetrics documentMetrics() {
        return new DocumentMetrics();
    }

    @Singleton
    ProtocolCodec protocolCodec(EditorConfig config) {
        return new ProtocolCodec(config.maxMessageBytes());
    }

    @Singleton
    NodeIdentity nodeIdentity(EditorConfig config) {
        String id = config.nodeId() == null || config.nodeId().isBlank()
                ? "editor-" + UUID.randomUUID().toString().substring(0, 8) : config.nodeId();
        return new NodeIdentity(id);
    }

    @Singleton
    SessionLimits sessionLimits(EditorConfig c) {
        return new SessionLimits(c.maxMessageBytes(), c.opsPerSecond(), c.maxPendingMessages(), c.maxDocsPerConnection(),
                c.maxInvalidMessages(), c.helloTimeout());
    }

    @Singleton
    SessionRegistry sessionRegistry(@Named("cowrite-timers") ScheduledExecutorService timers, EditorConfig c) {
        return new SessionRegistry(timers, c.idleTimeout());
    }

    @Singleton
    History history(Bus bus, Subjects subjects, EditorConfig config) {
        return new BusHistory(new HistoryClient(bus, subjects, config.historyTimeout()));
    }

    @Singleton
    @Bean(preDestroy = "close")
    DocumentRegistry documentRegistry(Bus bus, Subjects subjects, History history, EditorConfig c,
                                      @Named("cowrite-documents") ExecutorService executor,
                                      @Named("cowrite-timers") ScheduledExecutorService timers, DocumentMetrics metrics) {
        DocumentSettings settings = new DocumentSettings(c.recentOps(), c.maxReplay(), c.maxDocLength(), c.maxBatch(),
                c.maxQueued(), c.maxConflictRetries(), Duration.ofMillis(50));
        return new DocumentRegistry(bus, subjects, history, settings, executor, timers, metrics, c.headCheckInterval());
    }

    /** This node's name. */
    public record NodeIdentity(String id) {
    }
}
