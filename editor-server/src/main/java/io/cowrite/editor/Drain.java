package io.cowrite.editor;

import io.cowrite.core.protocol.CloseCode;
import io.cowrite.editor.session.ClientSession;
import io.cowrite.editor.session.SessionRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
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
 * {@code drain-timeout}, leaving the rest to stop the application.
 */
@Singleton
@Requires(env = "editor")
public class Drain {
    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);

    private final SessionRegistry sessions;
    private final EditorConfig config;

    public Drain(SessionRegistry sessions, EditorConfig config) {
        this.sessions = sessions;
        this.config = config;
    }

    /** Drains; returns once every session ended, or when the wait is over (then the rest is closed with 4000). */
    public void run() {
        long started = System.nanoTime();
        long deadline = started + config.drainTimeout().toNanos() * 3 / 4;
        sessions.startDraining();
        List<ClientSession> open = new ArrayList<>(sessions.snapshot());
        LOG.info("draining: {} sessions told to reconnect elsewhere", open.size());
        long spread = Math.max(1, config.drainSpread().toMillis());
        for (ClientSession s : open) s.announceDrain(ThreadLocalRandom.current().nextLong(spread));
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            open.removeIf(s -> {
                if (s.hasInflight()) return false;
                s.close(CloseCode.DRAINING);
                return true;
            });
            if (!open.isEmpty()) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // waiting on acks
        }
        for (ClientSession s : open) s.close(CloseCode.DRAINING); // still waiting: their clients resend elsewhere
        LOG.info("drained in {} ms ({} sessions closed with an op still unanswered)",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), open.size());
    }

    /**
     * Makes SIGTERM drain before the application stops (the JVM's own TERM handling, which Micronaut's
     * shutdown hook rides on, stops the HTTP server first). A second TERM, or the drain outlasting
     * {@code drain-timeout}, exits at once.
     */
    public static void onSigterm(ApplicationContext context) {
        if (!context.containsBean(Drain.class)) return;
        Drain drain = context.getBean(Drain.class);
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        Signal.handle(new Signal("TERM"), sig -> {
            if (!once.compareAndSet(false, true)) return;
            Thread watchdog = Thread.ofPlatform().daemon().name("cowrite-drain-watchdog").start(() -> {
                LockSupport.parkNanos(drain.config.drainTimeout().toNanos());
                LOG.warn("drain-timeout passed: halting");
                Runtime.getRuntime().halt(1);
            });
            Thread.ofPlatform().name("cowrite-drain").start(() -> {
                try {
                    drain.run();
                } catch (RuntimeException e) {
                    LOG.error("drain failed", e);
                } finally {
                    System.exit(0); // Micronaut's shutdown hook stops the application
                }
            });
            watchdog.setPriority(Thread.MAX_PRIORITY);
        });
    }
}
