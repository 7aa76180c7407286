package io.cowrite.editor.session;

import io.cowrite.core.protocol.CloseCode;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live sessions of this node, and whether it admits new ones: not while it drains (its clients are
 * moving to other nodes), not beyond {@code max-connections} (close 4006; the node reports not ready). One session per client id: a newer hello with the same id (which
 * needs the id's resume secret, so it is the same client, e.g. reconnecting over a half-open TCP
 * connection) closes the older connection (1000). Every session is pinged periodically; one that sent
 * nothing, not even a pong, for longer than the idle timeout is closed with 4002, so a half-open
 * connection or a client that stopped reading is freed. Thread-safe.
 */
public final class SessionRegistry {
    private final Map<String, ClientSession> byClient = new ConcurrentHashMap<>();
    private final Set<ClientSession> all = ConcurrentHashMap.newKeySet();
    private final long idleNanos;
    private final int maxConnections;
    private volatile boolean draining;

    public SessionRegistry(ScheduledExecutorService timers, Duration idleTimeout, Duration pingInterval) {
        this(timers, idleTimeout, pingInterval, Integer.MAX_VALUE);
    }

    public SessionRegistry(ScheduledExecutorService timers, Duration idleTimeout, Duration pingInterval, int maxConnections) {
        this.idleNanos = idleTimeout.toNanos();
        this.maxConnections = maxConnections;
        long period = Math.max(1, Math.min(pingInterval.toMillis(), idleTimeout.toMillis() / 4));
        timers.scheduleWithFixedDelay(this::pingOrCloseIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Registers a new session; null when admitted, else why not: {@link CloseCode#DRAINING} or
     * {@link CloseCode#NODE_FULL} (the session is then not counted, and must close with that code).
     */
    CloseCode opened(ClientSession s) {
        if (draining) return CloseCode.DRAINING;
        all.add(s);
        if (all.size() > maxConnections) {
            all.remove(s);
            return CloseCode.NODE_FULL;
        }
        return null;
    }

    /** Why a new session would be refused now (null: it would be admitted). For HTTP requests, before they start one. */
    public CloseCode admission() {
        if (draining) return CloseCode.DRAINING;
        return all.size() >= maxConnections ? CloseCode.NODE_FULL : null;
    }

    /** True while the node drains: it admits no new session. */
    public boolean isDraining() {
        return draining;
    }

    /** True when a new session would be refused because the node is full. */
    public boolean isFull() {
        return all.size() >= maxConnections;
    }

    /** From now on no new session is admitted (the node is shutting down). */
    public void startDraining() {
        draining = true;
    }

    /** The live sessions now (a copy). */
    public java.util.List<ClientSession> snapshot() {
        return java.util.List.copyOf(all);
    }

    /** Registers {@code s} under its client id, closing an older session of the same id. */
    void hello(String clientId, ClientSession s) {
        ClientSession older = byClient.put(clientId, s);
        if (older != null && older != s) older.close(CloseCode.NORMAL);
    }

    void closed(String clientId, ClientSession s) {
        all.remove(s);
        if (clientId != null) byClient.remove(clientId, s);
    }

    /** Live sessions on this node. */
    public int size() {
        return all.size();
    }

    /** Closes every session with {@code code} (node draining or shutdown). */
    public void closeAll(CloseCode code) {
        for (ClientSession s : all) s.close(code);
    }

    private void pingOrCloseIdle() {
        long now = System.nanoTime();
        for (ClientSession s : all) {
            if (now - s.lastHeardNanos() > idleNanos) {
                s.close(CloseCode.TIMEOUT);
            } else {
                s.ping();
            }
        }
    }
}
