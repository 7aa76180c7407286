package io.cowrite.bus.micronaut;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code cowrite.bus.*}.
 *
 * @param type           {@code local} (in-process, single-process mode; default) or {@code nats}
 * @param natsUrl        NATS server URL for {@code nats}
 * @param prefix         subject prefix, so deployments sharing one NATS server stay apart
 * @param connectionName name shown by the NATS server's monitoring
 */
@ConfigurationProperties("cowrite.bus")
public record BusConfig(
        @Bindable(defaultValue = "local") String type,
        @Bindable(defaultValue = "nats://127.0.0.1:4222") String natsUrl,
        @Bindable(defaultValue = "cowrite") String prefix,
        @Bindable(defaultValue = "cowrite") String connectionName) {
}
