package io.cowrite.bus.micronaut;

import io.cowrite.bus.Bus;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * {@code /health} says DOWN while the service is not connected to NATS: it can then neither commit nor
 * deliver (NATS down, or credentials refused on a reconnect, which closes the bus for good). A service
 * whose credentials are refused at start never reports at all: it does not start. Only in the distributed
 * mode; the in-process bus of the single process is always there.
 */
@Singleton
@Requires(property = "cowrite.bus.type", value = "nats")
@Requires(classes = HealthIndicator.class)
public class BusHealth implements HealthIndicator {
    private final Bus bus;

    public BusHealth(Bus bus) {
        this.bus = bus;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthStatus status = bus.isConnected() ? HealthStatus.UP : HealthStatus.DOWN;
        return Publishers.just(HealthResult.builder("bus", status).build());
    }
}
