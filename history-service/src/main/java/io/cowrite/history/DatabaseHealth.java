package io.cowrite.history;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.annotation.PreDestroy;
import io.micronaut.context.annotation.Context;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health} (and readiness) says DOWN when PostgreSQL has not answered for {@code stale-after}, and
 * answers at once whatever the database does: a background probe ({@code SELECT 1} through the pool, every
 * {@code probe-interval}) keeps the verdict, and a request only reads it. Micronaut's own JDBC indicator is
 * off: it asks the pool inside the request, so a paused database held {@code /health} for the pool's
 * connection timeout. Created with the context, and probed once before it is ready.
 */
@Context // probing from the start: the first /health after startup already has a verdict
@Requires(beans = DataSource.class)
@Requires(classes = HealthIndicator.class)
public class DatabaseHealth implements HealthIndicator {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseHealth.class);
    private final DataSource dataSource;
    private final long staleNanos;
    private final ScheduledExecutorService probe =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("database-health").daemon().factory());
    private volatile long lastAnswer;
    private volatile boolean everAnswered;

    public DatabaseHealth(DataSource dataSource,
                          @Value("${cowrite.history.health.probe-interval:1s}") Duration interval,
                          @Value("${cowrite.history.health.stale-after:3s}") Duration staleAfter) {
        this.dataSource = dataSource;
        this.staleNanos = staleAfter.toNanos();
        probe(); // once before the server answers (the database was just migrated: it answers at once)
        probe.scheduleWithFixedDelay(this::probe, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe() {
        try (Connection c = dataSource.getConnection(); var st = c.createStatement()) {
            st.setQueryTimeout(Math.max(1, (int) TimeUnit.NANOSECONDS.toSeconds(staleNanos)));
            st.execute("select 1");
            lastAnswer = System.nanoTime();
            everAnswered = true;
        } catch (Exception e) {
            LOG.debug("database probe failed: {}", e.toString());
        }
    }

    /** Whether PostgreSQL answered a probe within the last {@code stale-after}. */
    public boolean isUp() {
        return everAnswered && System.nanoTime() - lastAnswer < staleNanos;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(HealthResult.builder("database", isUp() ? HealthStatus.UP : HealthStatus.DOWN).build());
    }

    @PreDestroy
    void stop() {
        probe.shutdownNow();
    }
}
