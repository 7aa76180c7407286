package io.cowrite.bus.micronaut;

import io.cowrite.bus.Bus;
import io.cowrite.bus.FaultyBus;
import io.cowrite.bus.LocalBus;
import io.cowrite.bus.NatsBus;
import io.cowrite.bus.NatsBusOptions;
import io.cowrite.bus.Subjects;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Micronaut wiring of collab-bus, picked by {@code cowrite.bus.type}; shared by every service. The rest of
 * collab-bus stays framework-free (Micronaut is an optional dependency used only by this package).
 */
@Factory
public class BusFactory {

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "cowrite.bus.type", value = "nats")
    Bus natsBus(BusConfig config) {
        return withFaults(NatsBus.connect(NatsBusOptions.of(config.natsUrl(), config.connectionName())), config);
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "cowrite.bus.type", value = "local", defaultValue = "local")
    Bus localBus(BusConfig config) {
        return withFaults(new LocalBus(), config);
    }

    /** Fault injection for tests ({@code cowrite.bus.fault-drop-rate} / {@code fault-delay-rate}); off by default. */
    private static Bus withFaults(Bus bus, BusConfig config) {
        if (config.faultDropRate() <= 0 && config.faultDelayRate() <= 0) return bus;
        return new FaultyBus(bus, config.prefix() + ".doc.", config.faultDropRate(), config.faultDelayRate(), config.faultSeed());
    }

    @Singleton
    Subjects subjects(BusConfig config) {
        return new Subjects(config.prefix());
    }
}
