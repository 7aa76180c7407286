package io.cowrite.presence;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that never jumps: the wall time when it was made plus the monotonic time since
 * ({@link System#nanoTime()}). Node silences are measured with it, so a step of the wall clock (NTP, a
 * suspended VM's catch-up) neither expires every node at once nor keeps dead ones alive. Thread-safe.
 */
public final class MonotonicClock extends Clock {
    private final Instant base = Instant.now();
    private final long baseNanos = System.nanoTime();

    @Override
    public Instant instant() {
        return base.plusNanos(System.nanoTime() - baseNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a monotonic clock has no zone");
    }
}
