package io.cowrite.editor.session;

/** A token bucket: {@code rate} tokens per second, holding at most {@code burst}. Not thread-safe. */
final class RateLimiter {
    private final double rate;
    private final double burst;
    private double tokens;
    private long lastNanos;

    RateLimiter(double rate, double burst, long nowNanos) {
        this(rate, burst, nowNanos, burst);
    }

    /** A bucket holding {@code initial} tokens to begin with (0: no burst until it refills). */
    RateLimiter(double rate, double burst, long nowNanos, double initial) {
        this.rate = rate;
        this.burst = burst;
        this.tokens = initial;
        this.lastNanos = nowNanos;
    }

    /** Takes one token if there is one. */
    boolean tryAcquire(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * rate / 1e9);
        lastNanos = nowNanos;
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }
}
