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
 * to one {@link DocumentClient} per document, and resends ops that met a retryable error. Its identity
 * (client id and resume secret) is issued by the server in the first welcome and resumed on reconnects.
 */
final class TestClient implements AutoCloseable {
    /** A name for messages and the hello's display name. */
    final String label;
    /** The identity the server issued (null before the first welcome). */
    volatile String clientId;
    private volatile String resume;
    private volatile String sessionId;
    /** The credential sent in every hello (null: none, as the open mode's anonymous users). */
    private volatile String token;
    private volatile URI uri;
    private final BlockingQueue<ServerMessage> inbox = new LinkedBlockingQueue<>();
    private final ConcurrentHashMap<DocId, DocumentClient> docs = new ConcurrentHashMap<>();
    private final List<Throwable> failures = new ArrayList<>();
    volatile Connection connection;
    private static final java.util.concurrent.ScheduledExecutorService RETRY =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
    private final ConcurrentHashMap<DocId, Integer> retries = new ConcurrentHashMap<>();
    /** Who is in each joined document, as presence, peer_joined and peer_left said. */
    private final ConcurrentHashMap<DocId, java.util.LinkedHashMap<String, io.cowrite.core.protocol.Peer>> people = new ConcurrentHashMap<>();

    TestClient(URI uri, String label) {
        this.uri = uri;
        this.label = label;
    }

    /** Connects and says hello (resuming its identity after the first time); waits for the welcome. */
    TestClient connect() {
        connection = Connection.open(uri, this::onMessage);
        connection.send(new ClientMessage.Hello(Protocol.VERSION, clientId, resume, token, label));
        ServerMessage.Welcome w;
        try {
            w = (ServerMessage.Welcome) await(m -> m instanceof ServerMessage.Welcome, Duration.ofSeconds(10));
        } catch (AssertionError e) {
            if (connection.closed().isDone()) throw new AssertionError(label + ": closed " + connection.closed().join() + " instead of a welcome", e);
            throw e;
        }
        if (clientId != null && !clientId.equals(w.clientId())) {
            throw new AssertionError(label + ": the server did not resume identity " + clientId);
        }
        clientId = w.clientId();
        resume = w.resume();
        sessionId = w.sessionId();
        return this;
    }

    /** The public session id of the current connection (the welcome's). */
    String sessionId() {
        return sessionId;
    }

    /** Sends this client's selection in {@code doc} at {@code version}. */
    void cursor(String doc, long version, int anchor, int head) {
        connection.send(new io.cowrite.core.protocol.ClientMessage.Cursor(DocId.of(doc), version, anchor, head));
    }

    /** The resume secret of the identity (null before the first welcome). */
    String resume() {
        return resume;
    }

    /** Sends {@code t} as the hello's token from the next connect on. */
    TestClient withToken(String t) {
        this.token = t;
        return this;
    }

    /** Says hello and expects the server to close the connection instead of welcoming it; returns the close code. */
    int connectRefused() throws Exception {
        connection = Connection.open(uri, this::onMessage);
        connection.send(new ClientMessage.Hello(Protocol.VERSION, clientId, resume, token, label));
        return awaitClose();
    }

    /** Waits for the server to close the connection; its close code. */
    int awaitClose() throws Exception {
        return connection.closed().get(10, TimeUnit.SECONDS);
    }

    /** Takes {@code other}'s identity (client id and resume secret): the next connect resumes it. */
    TestClient resumingAs(TestClient other) {
        this.clientId = other.clientId;
        this.resume = other.resume;
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

    private void trackPeople(ServerMessage m) {
        switch (m) {
            case ServerMessage.Presence p -> {
                var list = new java.util.LinkedHashMap<String, io.cowrite.core.protocol.Peer>();
                for (var peer : p.peers()) list.put(peer.session(), peer);
                people.put(p.doc(), list);
            }
            case ServerMessage.PeerJoined j -> people.computeIfPresent(j.doc(), (d, l) -> {
                l.put(j.peer().session(), j.peer());
                return l;
            });
            case ServerMessage.PeerLeft l -> people.computeIfPresent(l.doc(), (d, list) -> {
                list.remove(l.session());
                return list;
            });
            default -> {
            }
        }
    }

    /** How many people are in {@code doc} now (the map is changed by the I/O thread: never iterated here). */
    private String peopleNow(DocId id) {
        var l = people.get(id);
        return l == null ? "not joined" : l.size() + "";
    }

    /** The people in {@code doc} once there are {@code n} of them (presence, peer_joined and peer_left applied). */
    List<io.cowrite.core.protocol.Peer> awaitPeople(String doc, int n) {
        DocId id = DocId.of(doc);
        Awaits.until(() -> {
            var l = people.get(id);
            return l != null && l.size() == n;
        }, Duration.ofSeconds(10), label + ": " + n + " people in " + doc + " (when the wait began: " + peopleNow(id) + ")");
        return List.copyOf(people.get(id).values());
    }

    private void route(ServerMessage m) {
        trackPeople(m);
        DocId doc = docOf(m);
        DocumentClient dc = doc == null ? null : docs.get(doc);
        if (dc == null) return;
        try {
            if (m instanceof ServerMessage.ErrorReply e && e.seq() != null && e.code().retryable()) {
                // As a real client does: resend the same op after a backoff (not in a tight loop).
                int n = retries.merge(doc, 1, Integer::sum);
                RETRY.schedule(dc::resend, Math.min(1000, 20L << Math.min(n, 6)), TimeUnit.MILLISECONDS);
            } else {
                if (m instanceof ServerMessage.Ack) retries.remove(doc);
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
                if (m == null) throw new AssertionError(label + ": timed out waiting for a message");
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
                AssertionError e = new AssertionError(label + ": " + failures.size() + " failures; first: " + failures.get(0));
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
