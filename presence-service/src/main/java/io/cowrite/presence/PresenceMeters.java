package io.cowrite.presence;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publishes the registry's size and what this replica saw to Micrometer (scraped at {@code /prometheus}):
 * sessions, documents and live nodes; sessions joined, left and expired; malformed messages dropped.
 */
@Context
@Requires(bean = MeterRegistry.class)
@Requires(bean = PresenceRegistry.class)
public class PresenceMeters {

    public PresenceMeters(MeterRegistry registry, PresenceRegistry presence, PresenceStats stats) {
        Gauge.builder("cowrite.presence.sessions", presence, PresenceRegistry::sessions)
                .description("presence sessions (one WebSocket session in one document) in the registry").register(registry);
        Gauge.builder("cowrite.presence.documents", presence, PresenceRegistry::documents)
                .description("documents with at least one session").register(registry);
        Gauge.builder("cowrite.presence.nodes", presence, PresenceRegistry::liveNodes)
                .description("editor nodes heard within node-ttl").register(registry);
        counter(registry, "cowrite.presence.joins", "sessions added (a join, or a heartbeat listing a session the registry missed)", stats.joins);
        counter(registry, "cowrite.presence.leaves", "sessions removed because they left (a leave, or a heartbeat no longer listing them)", stats.leaves);
        counter(registry, "cowrite.presence.expired", "sessions removed because their node was silent for longer than node-ttl", stats.expired);
        counter(registry, "cowrite.presence.malformed", "malformed presence messages dropped", stats.malformed);
    }

    private static void counter(MeterRegistry registry, String name, String description, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).register(registry);
    }
}
