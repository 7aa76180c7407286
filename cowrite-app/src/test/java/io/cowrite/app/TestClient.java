package io.cowrite.app;

import io.cowrite.client.Connection;
import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.Protocol;
import io.cowrite.core.protocol.ServerMessage;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client for tests: keeps every server message in a queue, feeds document messages
 * to one {@link DocumentClient} per document, and resends ops that met a retryable error.
 */
final class TestClient implements AutoCloseable {
    final String clientId;
    private volatile URI uri;
    private final BlockingQueue<ServerMessage> inbox = new LinkedBlockingQueue<>();
    private final ConcurrentHashMap<DocId, DocumentClient> docs = new ConcurrentHashMap<>();
    private final List<Throwable> failures = new ArrayList<>();
    volatile Connection connection;

    TestClient(URI uri, String clientId) {
        this.uri = uri;
        this.clientId = clientId;
    }

    /** Connects and says hello; waits for the welcome. */
    TestClient connect() {
        connection = Connection.open(uri, this::onMessage);
        connection.send(new ClientMessage.Hello(Protocol.VERSION, clientId, null, clientId));
        await(m -> m instanceof ServerMessage.Welcome, Duration.ofSeconds(10));
        return this;
    }

    /** Connects without a hello (for protocol tests). */
    TestClient connectRaw() {
        connection = Connection.open(uri, this::onMessage);
        return this;
    }

    private void onMessage(ServerMessage m) {
        try {
            route(m);
        } finally {
            inbox.add(m); // after the document client applied it, so waiters see its effect
        }
    }

    private void route(ServerMessage m) {
        DocId doc = docOf(m);
        DocumentClient dc = doc == null ? null : docs.get(doc);
        if (dc == null) return;
        try {
            if (m instanceof ServerMessage.ErrorReply e && e.seq() != null && e.code().retryable()) {
                dc.resend();
            } else {
                dc.receive(m);
            }
        } catch (OtException | RuntimeException ex) {
            synchronized (failures) {
                failures.add(ex);
            }
        }
    }

    private static DocId docOf(ServerMessage m) {
        return switch (m) {
            case ServerMessage.Snapshot s -> s.doc();
            case ServerMessage.Catchup c -> c.doc();
            case ServerMessage.Ack a -> a.doc();
            case ServerMessage.Remote r -> r.doc();
            case ServerMessage.ErrorReply e -> e.doc();
            default -> null;
        };
    }

    /** Joins (fresh) and waits for the snapshot. */
    DocumentClient join(String doc) {
        DocId id = DocId.of(doc);
        DocumentClient dc = new DocumentClient(id, clientId, m -> connection.send(m));
        docs.put(id, dc);
        dc.join();
        await(m -> m instanceof ServerMessage.Snapshot s && s.doc().equals(id), Duration.ofSeconds(10));
        return dc;
    }

    /** Reconnects on a new connection and resumes every document. */
    void reconnect() {
        connect();
        for (DocumentClient dc : docs.values()) dc.rejoin(m -> connection.send(m));
    }

    /** Reconnects to ANOTHER node (its previous one died) and resumes every document there. */
    void reconnect(URI node) {
        this.uri = node;
        reconnect();
    }

    ServerMessage await(Predicate<ServerMessage> p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                ServerMessage m = inbox.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                if (m == null) throw new AssertionError(clientId + ": timed out waiting for a message");
                if (p.test(m)) return m;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    ServerMessage.ErrorReply awaitError(ErrorCode code) {
        return (ServerMessage.ErrorReply) await(m -> m instanceof ServerMessage.ErrorReply e && e.code() == code,
                Duration.ofSeconds(10));
    }

    /** Throws if any message could not be applied (a convergence bug). */
    void assertHealthy() {
        synchronized (failures) {
            if (!failures.isEmpty()) {
                AssertionError e = new AssertionError(clientId + ": " + failures.size() + " failures; first: " + failures.get(0));
                e.initCause(failures.get(0));
                throw e;
            }
        }
    }

    @Override
    public void close() {
        if (connection != null) connection.close();
    }
}
