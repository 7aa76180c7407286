package io.cowrite.presence;

import io.cowrite.auth.micronaut.AdminTokenSource;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open mode's admin token when none is configured, on a presence-service without history-service in
 * its process: the cluster secret {@code admin-token}, asked of history-service (over the bus) now and
 * again every {@code retry} until it answers, as editor nodes do. Until then {@link #token()} is null, so
 * the admin API answers 401. Thread-safe.
 */
final class HistoryAdminToken implements AdminTokenSource {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryAdminToken.class);

    private final Supplier<CompletableFuture<String>> fetch;
    private final ScheduledExecutorService timers;
    private final Duration retry;
    private volatile String token;

    private HistoryAdminToken(Supplier<CompletableFuture<String>> fetch, ScheduledExecutorService timers, Duration retry) {
        this.fetch = fetch;
        this.timers = timers;
        this.retry = retry;
    }

    /** Starts fetching at once. */
    static HistoryAdminToken fetched(Supplier<CompletableFuture<String>> fetch, ScheduledExecutorService timers, Duration retry) {
        HistoryAdminToken t = new HistoryAdminToken(fetch, timers, retry);
        t.attempt(1);
        return t;
    }

    private void attempt(int n) {
        CompletableFuture<String> answer;
        try {
            answer = fetch.get();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((value, err) -> {
            if (err == null && value != null) {
                token = value;
                if (n > 1) LOG.info("admin token received from history-service after {} attempts", n);
                return;
            }
            if (n == 1 || n % 30 == 0) {
                LOG.warn("admin token not available yet (history-service: {}); retrying, the admin API answers 401 meanwhile",
                        err == null ? "no value" : String.valueOf(unwrap(err).getMessage()));
            }
            if (!timers.isShutdown()) timers.schedule(() -> attempt(n + 1), retry.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    @Override
    public String token() {
        return token;
    }
}
