package io.cowrite.editor.session;

import io.cowrite.core.protocol.CloseCode;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live sessions of this node. One session per client id: a newer hello with the same id closes
 * the older connection (1000), which is what a client reconnecting over a half-open TCP connection
 * needs. Sessions silent for longer than the idle timeout are closed with 4002. Thread-safe.
 */
public final class SessionRegistry {
    private final Map<String, ClientSession> byClient = new ConcurrentHashMap<>();
    private final Set<ClientSession> all = ConcurrentHashMap.newKeySet();
    private final long idleNanos;

    public SessionRegistry(ScheduledExecutorService timers, Duration idleTimeout) {
        this.idleNanos = idleTimeout.toNanos();
        long period = Math.max(1, idleTimeout.toMillis() / 4);
        timers.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.MILLISECONDS);
    }

    void opened(ClientSession s) {
        all.add(s);
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

    private void closeIdle() {
        long now = System.nanoTime();
        for (ClientSession s : all) {
            if (now - s.lastHeardNanos() > idleNanos) s.close(CloseCode.TIMEOUT);
        }
    }
}
