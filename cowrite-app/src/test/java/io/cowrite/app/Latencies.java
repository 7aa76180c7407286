package io.cowrite.app;

import java.util.Arrays;

/** Latency samples in nanoseconds, for printing percentiles (never for assertions). Thread-safe. */
final class Latencies {
    private long[] samples = new long[1024];
    private int count;

    synchronized void add(long nanos) {
        if (count == samples.length) samples = Arrays.copyOf(samples, count * 2);
        samples[count++] = nanos;
    }

    synchronized int count() {
        return count;
    }

    /** The {@code p}-th percentile (0..100) in milliseconds, nearest rank; NaN without samples. */
    synchronized double percentileMs(double p) {
        if (count == 0) return Double.NaN;
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1e6;
    }

    /** {@code n=..., p50=... ms, p99=... ms, max=... ms}. */
    String summary() {
        return String.format("n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms", count(), percentileMs(50), percentileMs(99),
                percentileMs(100));
    }
}
