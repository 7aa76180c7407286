package io.cowrite.editor;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Liveness: the process answers. It stays UP while the node drains, while it is full and while a dependency
 * is unreachable: restarting it would not help (those make readiness DOWN instead).
 */
@Singleton
@Liveness
@Requires(env = "editor")
public class LiveHealth implements HealthIndicator {
    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(HealthResult.builder("live", HealthStatus.UP).build());
    }
}
