package io.cowrite.bus.micronaut;

import io.cowrite.bus.Bus;
import io.cowrite.bus.LocalBus;
import io.cowrite.bus.NatsBus;
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
        return NatsBus.connect(config.natsOptions());
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "cowrite.bus.type", value = "local", defaultValue = "local")
    Bus localBus() {
        return new LocalBus();
    }
}
