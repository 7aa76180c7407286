package io.cowrite.history.admin;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code cowrite.history.admin.*}: the admin history API. Documented in docs/history-admin.md and
 * docs/operations.md.
 *
 * @param revisionGap consecutive ops of one author less than this apart belong to one revision of the timeline
 */
@ConfigurationProperties("cowrite.history.admin")
public record AdminConfig(@Bindable(defaultValue = "60s") Duration revisionGap) {
    public AdminConfig {
        if (revisionGap.isNegative()) throw new IllegalArgumentException("cowrite.history.admin.revision-gap must not be negative");
    }
}
