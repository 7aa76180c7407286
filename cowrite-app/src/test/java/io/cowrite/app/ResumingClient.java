package io.cowrite.app;

import io.cowrite.client.Connection;
import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.Protocol;
import io.cowrite.core.protocol.ServerMessage;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A client of one document that comes back by itself, as protocol §11 says a client does: when its
 * connection closes or its heartbeat finds the link dead, it reconnects after a short jittered backoff,
 * resumes its identity, rejoins from its last version (catch-up or resync) and resends its unacked op
 * with the same seq. It records every (client id, seq) it ever submits in a shared set, so a test can
 * compare what was submitted with what PostgreSQL holds. No message queue is kept (a thousand of them
 * run in one JVM). Messages of a connection other than the latest are ignored.
 *
 * <p>Given several nodes ({@link #withNodes}), it plays its own load balancer: a node that drains
 * ({@code reconnect} then close 4000, protocol §4.10), refuses the connection or is full (4006) sends it to the
 * next one; a drain's {@code retryAfterMs} replaces the backoff.
 */
final class ResumingClient implements AutoCloseable {
    final String label;
    final DocId doc;
    private final Set<String> submitted;
    private final Connection.Heartbeat heartbeat;
    private final Random random;
    private volatile URI uri;
    private volatile List<URI> nodes = List.of();
    /** The {@code retryAfterMs} of the latest connection's {@code reconnect} message; -1: none. */
    private volatile long retryAfterMs = -1;
    private volatile String clientId;
    private volatile String resume;
    private volatile DocumentClient dc;
    /** The connection opened last; {@link #current} once welcomed, {@link #joinedOn} once its join was answered. */
    private volatile Connection latest;
    private volatile Connection current;
    private volatile Connection joinedOn;
    private volatile boolean stopped;
    private volatile Consumer<ServerMessage> observer = m -> { };
    private final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger reconnects = new AtomicInteger();
    final AtomicInteger heartbeatExpiries = new AtomicInteger();
    private final List<Throwable> failures = new ArrayList<>();

    ResumingClient(URI uri, String label, String doc, Set<String> submitted, Connection.Heartbeat heartbeat, long seed) {
        this.uri = uri;
        this.label = label;
        this.doc = DocId.of(doc);
        this.submitted = submitted;
        this.heartbeat = heartbeat;
        this.random = new Random(seed);
    }

    /** Connects and joins (fresh); returns at once, the client comes up by itself ({@link #isLive}). */
    ResumingClient start() {
        Thread.ofVirtual().name("resume-" + label).start(this::connect);
        return this;
    }

    /** From now on, reconnects go to {@code node} (the previous one is gone or draining). */
    void moveTo(URI node) {
        this.uri = node;
    }

    /** The nodes to turn to, in order, when the current one drains, refuses or is full. */
    ResumingClient withNodes(List<URI> all) {
        this.nodes = List.copyOf(all);
        return this;
    }

    /** The node it connects (or reconnects) to. */
    URI target() {
        return uri;
    }

    private void nextNode() {
        List<URI> all = nodes;
        if (all.size() < 2) return;
        uri = all.get((all.indexOf(uri) + 1) % all.size());
    }

    /** Sees every message of the latest connection, after the document client handled it. */
    void observe(Consumer<ServerMessage> o) {
        this.observer = o;
    }

    /** Welcomed and joined on an open connection. */
    boolean isLive() {
        Connection c = current;
        return c != null && c == latest && c == joinedOn && c.isOpen();
    }

    /** The document's client state (null before the first welcome). */
    DocumentClient document() {
        return dc;
    }

    String clientId() {
        return clientId;
    }

    Connection connection() {
        return latest;
    }

    /** A local edit (against the current text), sent or buffered as the state machine says. */
    void edit(TextOp op) throws OtException {
        DocumentClient d = dc;
        synchronized (d) {
            d.edit(op);
        }
    }

    private void connect() {
        while (!stopped) {
            try {
                Connection[] self = new Connection[1];
                Connection c = Connection.open(uri, m -> onMessage(self[0], m), heartbeat);
                self[0] = c;
                latest = c;
                c.closed().whenComplete((code, e) -> onClosed(c, code));
                c.send(new ClientMessage.Hello(Protocol.VERSION, clientId, resume, null, label));
                return;
            } catch (RuntimeException e) {
                nextNode();
                pause(); // refused or reset while connecting: try again
            }
        }
    }

    private void onClosed(Connection c, Integer code) {
        if (c.heartbeatExpired()) heartbeatExpiries.incrementAndGet();
        if (stopped || c != latest) return;
        current = null;
        if (code != null && CloseCode.ruleFor(code) != CloseCode.Reconnect.WITH_BACKOFF) {
            fail(new AssertionError(label + ": closed " + code + ", a code that says not to reconnect"));
            return;
        }
        reconnects.incrementAndGet();
        long drainDelay = retryAfterMs;
        retryAfterMs = -1;
        if (code != null && code == CloseCode.NODE_FULL.code()) nextNode();
        Thread.ofVirtual().name("resume-" + label).start(() -> {
            if (code != null && code == CloseCode.DRAINING.code() && drainDelay >= 0) sleep(drainDelay);
            else pause();
            connect();
        });
    }

    /** A jittered backoff before a reconnect: up to 50 ms doubling per failed attempt, capped at 1 s. */
    private void pause() {
        int n = attempts.incrementAndGet();
        long max;
        synchronized (random) {
            max = 10 + random.nextInt((int) Math.min(1000, 50L << Math.min(n, 5)));
        }
        sleep(max);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onMessage(Connection c, ServerMessage m) {
        if (c != latest) return; // a late message of a connection we gave up on
        try {
            switch (m) {
                case ServerMessage.Welcome w -> welcomed(c, w);
                case ServerMessage.Reconnect r -> {
                    retryAfterMs = r.retryAfterMs();
                    if (r.url() != null) uri = URI.create(r.url());
                    else nextNode(); // the same URL, which a load balancer would route elsewhere
                }
                case ServerMessage.ErrorReply e when e.seq() != null && e.code().retryable() ->
                        Thread.ofVirtual().start(() -> { // as a real client: the same op again after a backoff
                            pause();
                            dc.resend();
                        });
                default -> {
                    if (m instanceof ServerMessage.Snapshot || m instanceof ServerMessage.Catchup) joinedOn = c;
                    DocumentClient d = dc;
                    if (d != null && doc.equals(docOf(m))) d.receive(m);
                }
            }
            observer.accept(m);
        } catch (OtException | RuntimeException ex) {
            fail(ex);
        }
    }

    private void welcomed(Connection c, ServerMessage.Welcome w) {
        if (clientId != null && !clientId.equals(w.clientId())) {
            fail(new AssertionError(label + ": identity " + clientId + " not resumed (got " + w.clientId() + ")"));
            return;
        }
        clientId = w.clientId();
        resume = w.resume();
        attempts.set(0);
        current = c;
        if (dc == null) {
            dc = new DocumentClient(doc, clientId, this::send);
            dc.join();
        } else {
            dc.rejoin(this::send);
        }
    }

    private void send(ClientMessage m) {
        if (m instanceof ClientMessage.Op op) submitted.add(op.clientId() + "/" + op.seq());
        Connection c = current;
        if (c != null) c.send(m); // else lost: the rejoin resends what is unacked
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

    private void fail(Throwable t) {
        synchronized (failures) {
            failures.add(t);
        }
    }

    /** Throws the first failure (a message that did not apply, an identity lost, a terminal close). */
    void assertHealthy() {
        synchronized (failures) {
            if (!failures.isEmpty()) {
                throw new AssertionError(label + ": " + failures.size() + " failures; first: " + failures.get(0), failures.get(0));
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        Connection c = latest;
        if (c != null) c.close();
    }
}
