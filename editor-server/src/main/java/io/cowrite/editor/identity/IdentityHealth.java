package io.cowrite.editor.identity;

import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

/** The node is DOWN until it knows the identity key: before that it cannot accept a hello. */
@Singleton
@Requires(env = "editor")
public class IdentityHealth implements HealthIndicator {
    private final ClientIdentity identity;

    public IdentityHealth(ClientIdentity identity) {
        this.identity = identity;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthStatus status = identity.ready() ? HealthStatus.UP : HealthStatus.DOWN;
        return Publishers.just(HealthResult.builder("identity", status).build());
    }
}
