package io.cowrite.editor;

import io.cowrite.bus.Bus;
import io.cowrite.bus.micronaut.BusConfig;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.editor.doc.DocumentContext;
import io.cowrite.editor.doc.DocumentMetrics;
import io.cowrite.editor.doc.DocumentRegistry;
import io.cowrite.editor.doc.DocumentSettings;
import io.cowrite.editor.identity.ClientIdentity;
import io.cowrite.editor.presence.BusPresence;
import io.cowrite.editor.presence.LocalPresence;
import io.cowrite.editor.presence.Presence;
import io.cowrite.presence.api.PresenceDirectory;
import io.cowrite.presence.api.PresenceSubjects;
import io.cowrite.editor.identity.KeySource;
import io.cowrite.auth.Authenticator;
import io.cowrite.auth.micronaut.AdminTokenSource;
import io.cowrite.editor.session.Quotas;
import io.cowrite.editor.session.SessionContext;
import io.cowrite.editor.session.SessionLimits;
import io.cowrite.editor.session.SessionRegistry;
import io.cowrite.history.api.BusCommitFeed;
import io.cowrite.history.api.BusDocumentOwners;
import io.cowrite.history.api.BusHistoryReader;
import io.cowrite.history.api.CommitFeed;
import io.cowrite.history.api.DocumentOwners;
import io.cowrite.history.api.HistoryReader;
import io.cowrite.history.api.HistorySubjects;
import io.cowrite.history.api.ShardMap;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Wires the editor node: documents run on virtual threads, timers on one scheduler thread. The ports to
 * history-service (owners, reads, the commit feed) go over the bus in distributed mode; in single-process
 * mode history-service provides them in process.
 */
@Factory
@Requires(env = "editor") // a history-only context (in tests, with these classes on the classpath) stays history-only
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

    // ---- distributed: history-service over the bus

    @Singleton
    @Requires(property = "cowrite.bus.type", value = "nats")
    DocumentOwners busOwners(Bus bus, BusConfig busConfig, EditorConfig c,
                             @Property(name = "cowrite.shards", defaultValue = "32") int shards) {
        return new BusDocumentOwners(bus, new HistorySubjects(busConfig.prefix()), new ShardMap(shards), c.historyTimeout());
    }

    @Singleton
    @Requires(property = "cowrite.bus.type", value = "nats")
    HistoryReader busReader(Bus bus, BusConfig busConfig, EditorConfig c) {
        return new BusHistoryReader(bus, new HistorySubjects(busConfig.prefix()), c.historyTimeout());
    }

    @Singleton
    @Requires(property = "cowrite.bus.type", value = "nats")
    CommitFeed busFeed(Bus bus, BusConfig busConfig) {
        return new BusCommitFeed(bus, new HistorySubjects(busConfig.prefix()));
    }

    // ---- presence

    /** Presence over NATS: events on the documents' subjects, heartbeats, rosters from presence-service. */
    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "cowrite.bus.type", value = "nats")
    Presence busPresence(Bus bus, BusConfig busConfig, NodeIdentity node,
                         @Named("cowrite-timers") ScheduledExecutorService timers,
                         @Property(name = "cowrite.presence.heartbeat-interval", defaultValue = "3s") Duration heartbeat,
                         @Property(name = "cowrite.presence.node-ttl", defaultValue = "10s") Duration nodeTtl) {
        return new BusPresence(bus, new PresenceSubjects(busConfig.prefix()), node.id(), timers, heartbeat, nodeTtl,
                Duration.ofSeconds(2));
    }

    /** Presence in process (the single-process mode): presence-service's registry in the same JVM. */
    @Singleton
    @Requires(property = "cowrite.bus.type", value = "local")
    Presence localPresence(NodeIdentity node, PresenceDirectory directory) {
        return new LocalPresence(node.id(), new LocalPresence.Hub(directory));
    }

    // ---- the node

    @Singleton
    SessionLimits sessionLimits(EditorConfig c) {
        return new SessionLimits(c.maxMessageBytes(), c.opsPerSecond(), c.maxPendingMessages(), c.maxPendingBytes(),
                c.maxDocsPerConnection(), c.maxInvalidMessages(), c.helloTimeout(), c.joinsPerSecond(), c.pingsPerSecond());
    }

    @Singleton
    SessionRegistry sessionRegistry(@Named("cowrite-timers") ScheduledExecutorService timers, EditorConfig c) {
        return new SessionRegistry(timers, c.idleTimeout(), c.pingInterval(), c.maxConnections());
    }

    /** The HTTP transports' sessions; a POST waits for its answer as long as the owner and the delivery may take. */
    @Singleton
    io.cowrite.editor.session.HttpSessions httpSessions(SessionContext context, EditorConfig c) {
        return new io.cowrite.editor.session.HttpSessions(context, c.longPollTimeout(),
                c.historyTimeout().multipliedBy(2).plus(c.deliveryGrace()));
    }

    /**
     * The identity key: configured, else the cluster secret from history-service (fetched until it
     * answers). Eager, so the fetch starts with the node, not with its first connection.
     */
    @Context
    ClientIdentity clientIdentity(HistoryReader history, EditorConfig c,
                                  @Named("cowrite-timers") ScheduledExecutorService timers) {
        if (!c.identitySecret().isBlank()) return new ClientIdentity(KeySource.configured(c.identitySecret()));
        return new ClientIdentity(KeySource.fetched(() -> history.secret("identity"), timers, Duration.ofSeconds(1)));
    }

    @Singleton
    @Bean(preDestroy = "close")
    DocumentRegistry documentRegistry(CommitFeed feed, HistoryReader history, DocumentOwners owners, EditorConfig c,
                                      DocumentMetrics metrics, ProtocolCodec codec, Presence presence,
                                      @Named("cowrite-documents") ExecutorService executor,
                                      @Named("cowrite-timers") ScheduledExecutorService timers) {
        DocumentSettings settings = new DocumentSettings(c.recentOps(), c.maxReplay(), c.deliveryGrace(),
                Duration.ofNanos(1_000_000_000L / Math.max(1, c.cursorRate())));
        return new DocumentRegistry(feed, new DocumentContext(history, owners, settings, metrics, codec, executor, timers,
                presence));
    }

    @Singleton
    Quotas quotas(EditorConfig c) {
        return new Quotas(c.maxConnectionsPerUser(), c.maxConnectionsPerAddress(), c.opsPerSecondPerUser());
    }

    /**
     * The open mode's admin token when it is not configured, on a node without history-service in the same
     * process: the cluster secret {@code admin-token}, asked of history-service until it answers.
     */
    @Singleton
    @Requires(notEnv = "history")
    AdminTokenSource adminTokenFromHistory(HistoryReader history, @Named("cowrite-timers") ScheduledExecutorService timers) {
        java.util.concurrent.CompletableFuture<byte[]> token = KeySource.fetched(() -> history.secret("admin-token"),
                timers, Duration.ofSeconds(1));
        return () -> token.isDone() && !token.isCompletedExceptionally()
                ? java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(token.join()) : null;
    }

    @Singleton
    SessionContext sessionContext(ProtocolCodec codec, DocumentRegistry documents, SessionRegistry sessions,
                                  SessionLimits limits, Quotas quotas, ClientIdentity identity, Authenticator authenticator,
                                  NodeIdentity node, @Named("cowrite-timers") ScheduledExecutorService timers,
                                  @Named("cowrite-documents") ExecutorService executor,
                                  @Property(name = "cowrite.max-doc-length", defaultValue = "1000000") int maxDocLength) {
        return new SessionContext(codec, documents, sessions, limits, quotas, identity, authenticator, executor, node.id(),
                timers, maxDocLength);
    }

    /** This node's name. */
    public record NodeIdentity(String id) {
    }
}
