package io.cowrite.presence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * A warning logged at most once per period, saying how many were suppressed since the last one, so that
 * a flood of bad messages cannot flood the log. Thread-safe.
 */
final class ThrottledWarning {
    private final Logger log;
    private final Clock clock;
    private final Duration period;
    private Instant last;
    private long suppressed;

    ThrottledWarning(Logger log, Clock clock, Duration period) {
        this.log = log;
        this.clock = clock;
        this.period = period;
    }

    /** Logs {@code message} (one {@code {}} placeholder for {@code arg}) unless one was logged within the period. */
    synchronized void warn(String message, Object arg) {
        Instant now = clock.instant();
        if (last != null && now.isBefore(last.plus(period))) {
            suppressed++;
            return;
        }
        if (suppressed > 0) log.warn(message + " ({} more since the last such warning, not logged)", arg, suppressed);
        else log.warn(message, arg);
        last = now;
        suppressed = 0;
    }
}
