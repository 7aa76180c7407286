package io.cowrite.editor;

import io.cowrite.core.protocol.CloseCode;
import io.cowrite.editor.session.ClientSession;
import io.cowrite.editor.session.SessionRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Graceful drain (docs/operations.md, "Draining"): the node stops admitting sessions (new WebSocket
 * upgrades get {@code reconnect} + 4000, new HTTP sessions 503 {@code draining}; readiness turns DOWN,
 * liveness stays UP), tells every client to reconnect after a delay drawn per client from
 * [0, {@code drain-spread}), and ends each session with 4000 once it has no op waiting for its answer, so
 * in-flight submits are acked here, not resent elsewhere. It gives up waiting after three quarters of
 * {@code drain-timeout}, leaving the rest to stop the application. Before it returns it waits (until seven
 * eighths of {@code drain-timeout}) for those closes to be over, so stopping the application, which drops
 * every connection, does not cut a close frame still queued or a closing handshake under way: each client
 * reads 4000, not an abnormal closure.
 */
@Singleton
@Requires(env = "editor")
public class Drain {
    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);

    private final SessionRegistry sessions;
    private final Duration timeout;
    private final Duration spread;

    @Inject
    public Drain(SessionRegistry sessions, EditorConfig config) {
        this(sessions, config.drainTimeout(), config.drainSpread());
    }

    /** {@code timeout}: {@code drain-timeout}; {@code spread}: {@code drain-spread}. */
    public Drain(SessionRegistry sessions, Duration timeout, Duration spread) {
        this.sessions = sessions;
        this.timeout = timeout;
        this.spread = spread;
    }

    /** Drains; returns once every session ended, or when the wait is over (then the rest is closed with 4000). */
    public void run() {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos() * 3 / 4;
        sessions.startDraining();
        List<ClientSession> open = new ArrayList<>(sessions.snapshot());
        LOG.info("draining: {} sessions told to reconnect elsewhere", open.size());
        long spreadMs = Math.max(1, spread.toMillis());
        for (ClientSession s : open) s.announceDrain(ThreadLocalRandom.current().nextLong(spreadMs));
        List<CompletableFuture<?>> closes = new ArrayList<>(open.size());
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            open.removeIf(s -> {
                if (s.hasInflight()) return false;
                closes.add(s.close(CloseCode.DRAINING).toCompletableFuture());
                return true;
            });
            if (!open.isEmpty()) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // waiting on acks
        }
        for (ClientSession s : open) {
            closes.add(s.close(CloseCode.DRAINING).toCompletableFuture()); // still waiting: their clients resend elsewhere
        }
        long closesDeadline = started + timeout.toNanos() * 7 / 8;
        long unfinished = 0;
        try {
            CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, closesDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            // a close that failed is over too; allOf reports the first failure only after all completed
        } catch (TimeoutException e) {
            unfinished = closes.stream().filter(c -> !c.isDone()).count();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("drained in {} ms ({} sessions closed with an op still unanswered, {} closing handshakes cut short)",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), open.size(), unfinished);
    }

    /**
     * Makes SIGTERM, and SIGINT (Ctrl-C on {@code bin/start}), drain before the application stops (the JVM's
     * own handling, which Micronaut's shutdown hook rides on, stops the HTTP server first). After the drain
     * the application is stopped here, before the JVM exits: once the JVM runs its shutdown hooks they run
     * all at once, and the embedded PostgreSQL's (the single process) would stop the database under the
     * beans still stopping, such as the owner releasing its shard leases. A second signal is ignored; the
     * drain and stop outlasting {@code drain-timeout} halts the JVM.
     */
    public static void onSigterm(ApplicationContext context) {
        if (!context.containsBean(Drain.class)) return;
        Drain drain = context.getBean(Drain.class);
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        sun.misc.SignalHandler handler = sig -> {
            if (!once.compareAndSet(false, true)) return;
            Thread watchdog = Thread.ofPlatform().daemon().name("cowrite-drain-watchdog").start(() -> {
                LockSupport.parkNanos(drain.timeout.toNanos());
                LOG.warn("drain-timeout passed: halting");
                Runtime.getRuntime().halt(1);
            });
            Thread.ofPlatform().name("cowrite-drain").start(() -> {
                try {
                    drain.run();
                } catch (RuntimeException e) {
                    LOG.error("drain failed", e);
                }
                try {
                    context.stop(); // Micronaut's shutdown hook then finds it stopped
                } catch (RuntimeException e) {
                    LOG.error("stopping the application failed", e);
                } finally {
                    System.exit(0);
                }
            });
            watchdog.setPriority(Thread.MAX_PRIORITY);
        };
        Signal.handle(new Signal("TERM"), handler);
        Signal.handle(new Signal("INT"), handler);
    }
}
