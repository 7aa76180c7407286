package io.cowrite.history;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code cowrite.history.*}.
 *
 * @param store             {@code postgres} (default) or {@code memory} (tests and demos only)
 * @param milestoneInterval store the full text every this many versions
 * @param maxRange          page size of range replies and conflict answers; also the most ops per append
 * @param workers           threads serving requests (each may hold a JDBC connection: size the pool alike)
 * @param queue             requests queued beyond the workers before answering {@code overloaded}
 */
@ConfigurationProperties("cowrite.history")
public record HistoryConfig(
        @Bindable(defaultValue = "postgres") String store,
        @Bindable(defaultValue = "100") int milestoneInterval,
        @Bindable(defaultValue = "500") int maxRange,
        @Bindable(defaultValue = "8") int workers,
        @Bindable(defaultValue = "1000") int queue) {

    public OpLogSettings opLogSettings() {
        return new OpLogSettings(milestoneInterval, maxRange);
    }
}
