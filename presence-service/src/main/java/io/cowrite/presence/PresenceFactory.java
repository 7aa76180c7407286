package io.cowrite.presence;

import io.cowrite.auth.micronaut.AdminTokenSource;
import io.cowrite.auth.micronaut.AuthConfig;
import io.cowrite.bus.Bus;
import io.cowrite.bus.micronaut.BusConfig;
import io.cowrite.history.api.BusHistoryReader;
import io.cowrite.history.api.HistorySubjects;
import io.cowrite.presence.api.PresenceSubjects;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Wires presence-service: the registry (plain Java, with or without a bus), and in the distributed mode
 * ({@code cowrite.bus.type=nats}) its bus endpoint with the timers that sweep and beacon.
 */
@Factory
@Requires(env = "presence")
public class PresenceFactory {

    @Singleton
    @Named("presence")
    Clock presenceClock() {
        return new MonotonicClock();
    }

    @Singleton
    PresenceStats presenceStats() {
        return new PresenceStats();
    }

    @Singleton
    PresenceRegistry presenceRegistry(@Named("presence") Clock clock, PresenceConfig config, PresenceStats stats) {
        return new PresenceRegistry(clock, config.nodeTtl(), stats);
    }

    @Singleton
    @Named("presence-timers")
    @Bean(preDestroy = "shutdownNow")
    ScheduledExecutorService presenceTimers() {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("presence-timers").factory());
    }

    // ---- distributed: the registry on the bus

    @Context
    @Bean(preDestroy = "close")
    @Requires(property = "cowrite.bus.type", value = "nats")
    PresenceBusEndpoint presenceBusEndpoint(Bus bus, BusConfig busConfig, PresenceRegistry registry, PresenceStats stats,
                                            PresenceConfig config, @Named("presence") Clock clock,
                                            @Named("presence-timers") ScheduledExecutorService timers) {
        return new PresenceBusEndpoint(bus, new PresenceSubjects(busConfig.prefix()), registry, stats, config.replicaOrRandom(), clock)
                .start()
                .schedule(timers, config.sweepInterval(), config.heartbeatInterval());
    }

    /**
     * The open mode's admin token when it is not configured, in a process without history-service (which
     * has it) or an editor node (which fetches it itself): the cluster secret {@code admin-token}, asked of
     * history-service over the bus until it answers. Nothing is asked when the token is configured or in the
     * jwt mode.
     */
    @Singleton
    @Requires(notEnv = "history")
    @Requires(notEnv = "editor")
    AdminTokenSource adminTokenFromHistory(AuthConfig auth, Bus bus, BusConfig busConfig,
                                           @Named("presence-timers") ScheduledExecutorService timers) {
        if (auth.isJwt() || !auth.adminToken().isBlank()) return () -> null;
        BusHistoryReader history = new BusHistoryReader(bus, new HistorySubjects(busConfig.prefix()), Duration.ofSeconds(5));
        return HistoryAdminToken.fetched(() -> history.secret("admin-token"), timers, Duration.ofSeconds(1));
    }
}
