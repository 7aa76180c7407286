package io.cowrite.editor;

import io.cowrite.editor.session.SessionRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Readiness of the node itself: DOWN while it drains and while it is at its connection cap, so the load
 * balancer sends new clients elsewhere. (Every indicator without {@code @Liveness} counts for readiness.)
 */
@Singleton
@Requires(env = "editor")
public class NodeHealth implements HealthIndicator {
    private final SessionRegistry sessions;

    public NodeHealth(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        boolean ready = !sessions.isDraining() && !sessions.isFull();
        return Publishers.just(HealthResult.builder("node", ready ? HealthStatus.UP : HealthStatus.DOWN)
                .details(java.util.Map.of("draining", sessions.isDraining(), "full", sessions.isFull())).build());
    }
}
