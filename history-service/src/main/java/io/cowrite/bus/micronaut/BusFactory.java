package io.cowrite.bus.micronaut;

import io.cowrite.bus.Bus;
import io.cowrite.bus.LocalBus;
import io.cowrite.bus.NatsBus;
import io.cowrite.bus.NatsBusOptions;
import io.cowrite.bus.Subjects;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Micronaut wiring of collab-bus, picked by {@code cowrite.bus.type}. It lives in history-service for
 * now, in its own package, so that collab-bus stays framework-free; editor-server and
 * presence-service can copy it or it moves to a small shared module once a second service needs it.
 */
@Factory
public class BusFactory {

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "cowrite.bus.type", value = "nats")
    Bus natsBus(BusConfig config) {
        return NatsBus.connect(NatsBusOptions.of(config.natsUrl(), config.connectionName()));
    }

    @Singleton
    @Bean(preDestroy = "close")
    @Requires(property = "cowrite.bus.type", value = "local", defaultValue = "local")
    Bus localBus() {
        return new LocalBus();
    }

    @Singleton
    Subjects subjects(BusConfig config) {
        return new Subjects(config.prefix());
    }
}
