package io.cowrite.client;

import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.Protocol;
import io.cowrite.core.protocol.ServerMessage;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One client of one document for the recovery benchmarks ({@link CatchupBench}, {@link ReconnectStorm}):
 * connects, says hello (resuming its identity after the first time), joins (a resume after the first time)
 * and times the join: from sending it to having applied the server's reply (catch-up or snapshot), when the
 * client is live again. Between connections its edits go nowhere (they stay in flight or buffered, and the
 * rejoin resends them). Retryable errors are resent after 50 ms. Thread-safe.
 */
final class BenchClient {
    private static final ScheduledExecutorService RETRY =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("bench-retry").factory());

    final DocId doc;
    private final String name;
    private final BiConsumer<BenchClient, ServerMessage> observer;
    private volatile String clientId;
    private volatile String resume;
    private volatile DocumentClient dc;
    private volatile Connection conn;
    private volatile long joinSentAt;
    private volatile long joinAnsweredAt;
    private volatile boolean resynced;
    private volatile CompletableFuture<Void> joined = new CompletableFuture<>();
    /** The first message that could not be applied (after the join was answered it can only be reported here). */
    private volatile Exception failure;

    /** @param observer sees every message after the document client applied it (may be null) */
    BenchClient(DocId doc, String name, BiConsumer<BenchClient, ServerMessage> observer) {
        this.doc = doc;
        this.name = name;
        this.observer = observer == null ? (c, m) -> { } : observer;
    }

    /** Connects (blocking until the WebSocket is open); the future completes when the join was answered and applied. */
    CompletableFuture<Void> connect(URI uri) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        joined = done;
        Connection c = Connection.open(uri, this::onMessage);
        conn = c;
        c.closed().whenComplete((code, e) -> {
            IllegalStateException closed = new IllegalStateException(name + " closed " + code);
            if (!done.completeExceptionally(closed) && conn == c && failure == null) failure = closed; // not by drop()
        });
        c.send(new ClientMessage.Hello(Protocol.VERSION, clientId, resume, null, name));
        return done;
    }

    private void onMessage(ServerMessage m) {
        try {
            switch (m) {
                case ServerMessage.Welcome w -> welcomed(w);
                case ServerMessage.ErrorReply e when e.code().retryable() && e.seq() != null ->
                        RETRY.schedule(dc::resend, 50, TimeUnit.MILLISECONDS);
                default -> {
                    if (dc != null) dc.receive(m);
                    if (m instanceof ServerMessage.Snapshot || m instanceof ServerMessage.Catchup) {
                        joinAnsweredAt = System.nanoTime();
                        resynced = m instanceof ServerMessage.Snapshot s && s.resync();
                        joined.complete(null);
                    }
                }
            }
            observer.accept(this, m);
        } catch (Exception e) {
            if (failure == null) failure = new IllegalStateException(name + ": " + m.getClass().getSimpleName() + ": " + e.getMessage(), e);
            joined.completeExceptionally(e);
        }
    }

    private void welcomed(ServerMessage.Welcome w) {
        clientId = w.clientId();
        resume = w.resume();
        joinSentAt = System.nanoTime();
        if (dc == null) {
            dc = new DocumentClient(doc, clientId, this::send);
            dc.join();
        } else {
            dc.rejoin(this::send);
        }
    }

    private void send(ClientMessage m) {
        Connection c = conn;
        if (c != null && c.isOpen()) c.send(m);
    }

    /** Drops the connection as a network failure would; edits made until the next connect go nowhere. */
    void drop() {
        Connection c = conn;
        conn = null;
        if (c != null) c.abort();
    }

    Connection connection() {
        return conn;
    }

    DocumentClient document() {
        return dc;
    }

    /** From sending the last join to having applied its reply, in nanoseconds (valid once connect's future completed). */
    long joinNanos() {
        return joinAnsweredAt - joinSentAt;
    }

    long joinSentAt() {
        return joinSentAt;
    }

    /** The first failure to apply a server message, or null. */
    Exception failure() {
        return failure;
    }

    /** Whether the last join was answered with a resync snapshot. */
    boolean resynced() {
        return resynced;
    }
}
