package io.cowrite.app;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes (for eventual states, never for timing claims). */
final class Awaits {
    private Awaits() {
    }

    static void until(BooleanSupplier condition, Duration timeout, String what) {
        until(condition, timeout, Duration.ofMillis(10), what);
    }

    /** With a pause of {@code every} between checks (for a costly check, such as an HTTP request). */
    static void until(BooleanSupplier condition, Duration timeout, Duration every, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
