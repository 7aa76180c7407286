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
 * @param faultDropRate  TESTS ONLY: share of committed-op messages this process drops on receipt (default 0)
 * @param faultDelayRate TESTS ONLY: share it delivers 5-200 ms late, out of order (default 0)
 * @param faultSeed      seed of the fault dice
 */
@ConfigurationProperties("cowrite.bus")
public record BusConfig(
        @Bindable(defaultValue = "local") String type,
        @Bindable(defaultValue = "nats://127.0.0.1:4222") String natsUrl,
        @Bindable(defaultValue = "cowrite") String prefix,
        @Bindable(defaultValue = "cowrite") String connectionName,
        @Bindable(defaultValue = "0") double faultDropRate,
        @Bindable(defaultValue = "0") double faultDelayRate,
        @Bindable(defaultValue = "1") long faultSeed) {
}
