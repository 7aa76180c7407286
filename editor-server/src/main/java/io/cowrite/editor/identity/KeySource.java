package io.cowrite.editor.identity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the identity key comes from. Every editor node of a deployment must use the same key, or a
 * client that reconnects to another node loses its identity. Either the operator configures it
 * ({@code cowrite.editor.identity-secret}), or the node asks history-service for the cluster secret
 * {@code identity}, which is created once and kept in PostgreSQL: zero configuration, one key per
 * deployment, stable across restarts. The request is retried until history-service answers.
 */
public final class KeySource {
    private static final Logger LOG = LoggerFactory.getLogger(KeySource.class);

    private KeySource() {
    }

    /** A configured secret (any string of at least 32 characters). */
    public static CompletableFuture<byte[]> configured(String secret) {
        if (secret.length() < 32) {
            throw new IllegalArgumentException("cowrite.editor.identity-secret must have at least 32 characters");
        }
        return CompletableFuture.completedFuture(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The cluster secret from history-service, fetched now and again every {@code retry} until it arrives. */
    public static CompletableFuture<byte[]> fetched(Supplier<CompletableFuture<String>> fetch,
                                                    ScheduledExecutorService timers, Duration retry) {
        CompletableFuture<byte[]> key = new CompletableFuture<>();
        attempt(fetch, timers, retry, key, 1);
        return key;
    }

    private static void attempt(Supplier<CompletableFuture<String>> fetch, ScheduledExecutorService timers,
                                Duration retry, CompletableFuture<byte[]> key, int n) {
        fetch.get().whenComplete((value, err) -> {
            if (err == null) {
                key.complete(Base64.getUrlDecoder().decode(value));
                if (n > 1) LOG.info("identity key received from history-service after {} attempts", n);
                return;
            }
            if (n == 1 || n % 30 == 0) {
                LOG.warn("identity key not available yet (history-service: {}); retrying, hellos get 1013 meanwhile",
                        err.getMessage());
            }
            timers.schedule(() -> attempt(fetch, timers, retry, key, n + 1), retry.toMillis(), TimeUnit.MILLISECONDS);
        });
    }
}
