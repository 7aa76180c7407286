package io.cowrite.history.retention;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code cowrite.history.retention.*}. Documented in docs/operations.md.
 *
 * @param horizon  how long ops are kept (e.g. {@code 30d}); older ones are compacted away below a milestone.
 *                 Absent (the default): everything is kept and retention never runs
 * @param interval how often each replica compacts the documents it owns
 */
@ConfigurationProperties("cowrite.history.retention")
public record RetentionConfig(@Nullable Duration horizon, @Bindable(defaultValue = "1h") Duration interval) {
    public RetentionConfig {
        if (horizon != null && (horizon.isNegative() || horizon.isZero())) {
            throw new IllegalArgumentException("cowrite.history.retention.horizon must be positive, not " + horizon);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("cowrite.history.retention.interval must be positive, not " + interval);
        }
    }
}
