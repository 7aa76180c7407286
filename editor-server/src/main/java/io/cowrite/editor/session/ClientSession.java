package io.cowrite.editor.session;

import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.Decoded;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.Limits;
import io.cowrite.core.protocol.Protocol;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.core.protocol.ServerMessage;
import io.cowrite.editor.doc.Document;
import io.cowrite.editor.doc.DocumentRegistry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One WebSocket connection speaking protocol v1: decode, validate, dispatch one small method per
 * message type. Frames of one connection arrive one at a time (Netty reads a channel on one thread),
 * so the dispatch state needs no lock; the membership map, the outbox counter and {@code closed} are
 * also touched by documents' executors and are thread-safe. A membership whose document is still
 * loading is released by {@link #leave} once the load completes, never twice.
 */
public final class ClientSession {
    private final Transport transport;
    private final ProtocolCodec codec;
    private final DocumentRegistry registry;
    private final SessionLimits limits;
    private final Limits advertised;
    private final String sessionId;
    private final String node;
    private final Map<DocId, Membership> docs = new ConcurrentHashMap<>();
    private final AtomicInteger pendingFrames = new AtomicInteger();
    private final RateLimiter rate;
    private final ScheduledFuture<?> helloTimer;
    private volatile boolean closed;
    private String clientId;
    private String name;
    private String color;
    private int invalidThisMinute;
    private long minuteStart = System.nanoTime();

    public ClientSession(Transport transport, ProtocolCodec codec, DocumentRegistry registry, SessionLimits limits,
                         String sessionId, String node, ScheduledExecutorService scheduler, int maxDocLength) {
        this.transport = transport;
        this.codec = codec;
        this.registry = registry;
        this.limits = limits;
        this.sessionId = sessionId;
        this.node = node;
        this.advertised = new Limits(limits.maxMessageBytes(), maxDocLength, limits.opsPerSecond(),
                limits.maxPendingMessages());
        this.rate = new RateLimiter(limits.opsPerSecond(), 2.0 * limits.opsPerSecond(), System.nanoTime());
        this.helloTimer = scheduler.schedule(() -> {
            if (clientId == null) close(CloseCode.TIMEOUT);
        }, limits.helloTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    String clientId() {
        return clientId;
    }

    String name() {
        return name;
    }

    String color() {
        return color;
    }

    /** A text frame from the client. */
    public void onText(String frame) {
        if (closed) return;
        switch (codec.decodeClient(frame)) {
            case Decoded.Ok<ClientMessage> ok -> dispatch(ok.message());
            case Decoded.Failure<ClientMessage> f -> invalid(f);
        }
    }

    /** A binary frame: protocol v1 is text only. */
    public void onBinary() {
        close(CloseCode.PROTOCOL_VIOLATION);
    }

    private void dispatch(ClientMessage m) {
        if (clientId == null && !(m instanceof ClientMessage.Hello)) {
            close(CloseCode.PROTOCOL_VIOLATION);
            return;
        }
        switch (m) {
            case ClientMessage.Hello h -> hello(h);
            case ClientMessage.Join j -> join(j);
            case ClientMessage.Op op -> submit(op);
            case ClientMessage.Cursor c -> cursor(c);
            case ClientMessage.Leave l -> leave(l.doc());
            case ClientMessage.Ping p -> send(new ServerMessage.Pong(p.id()));
        }
    }

    private void hello(ClientMessage.Hello h) {
        if (clientId != null) {
            close(CloseCode.PROTOCOL_VIOLATION);
            return;
        }
        if (h.protocol() != Protocol.VERSION) {
            close(CloseCode.UNSUPPORTED_PROTOCOL);
            return;
        }
        helloTimer.cancel(false);
        clientId = h.clientId();
        name = h.name() == null || h.name().isBlank() ? "Anonymous" : h.name();
        color = Colors.forClient(clientId);
        send(new ServerMessage.Welcome(Protocol.VERSION, sessionId, node, advertised));
    }

    private void join(ClientMessage.Join j) {
        if (docs.containsKey(j.doc())) {
            error(j.doc(), null, ErrorCode.ALREADY_JOINED, "already joined " + j.doc().value());
            return;
        }
        if (docs.size() >= limits.maxDocsPerConnection()) {
            error(j.doc(), null, ErrorCode.TOO_MANY_DOCS, "at most " + limits.maxDocsPerConnection() + " documents per connection");
            return;
        }
        Membership member = new Membership(this, j.doc());
        CompletableFuture<Document> opening = registry.open(j.doc().value());
        member.opening = opening;
        docs.put(j.doc(), member);
        opening.whenComplete((doc, err) -> {
            if (err != null) {
                docs.remove(j.doc(), member);
                error(j.doc(), null, ErrorCode.UNAVAILABLE, "document " + j.doc().value() + " could not be loaded; retry");
            } else if (!closed && docs.get(j.doc()) == member) {
                doc.join(member, j.version());
            }
        });
    }

    private Document joined(DocId doc, Long seq) {
        Membership m = docs.get(doc);
        if (m == null || !m.opening.isDone() || m.opening.isCompletedExceptionally()) {
            error(doc, seq, ErrorCode.NOT_JOINED, "join " + doc.value() + " first and wait for its snapshot");
            return null;
        }
        return m.opening.join();
    }

    private void submit(ClientMessage.Op op) {
        if (!op.clientId().equals(clientId)) {
            error(op.doc(), op.seq(), ErrorCode.INVALID_FIELD, "clientId must be the one given in hello");
            return;
        }
        Document doc = joined(op.doc(), op.seq());
        if (doc == null) return;
        if (!rate.tryAcquire(System.nanoTime())) {
            error(op.doc(), op.seq(), ErrorCode.RATE_LIMITED, "more than " + limits.opsPerSecond() + " ops/s; resend later");
            return;
        }
        doc.submit(docs.get(op.doc()), op.base(), op.seq(), op.op());
    }

    private void cursor(ClientMessage.Cursor c) {
        Document doc = joined(c.doc(), null);
        if (doc != null) doc.cursor(docs.get(c.doc()), c.version(), c.anchor(), c.head());
    }

    private void leave(DocId id) {
        Membership m = docs.remove(id);
        if (m == null) {
            error(id, null, ErrorCode.NOT_JOINED, "not in " + id.value());
            return;
        }
        m.opening.thenAccept(doc -> doc.leave(m, () -> registry.release(doc.id())));
    }

    /** The connection is gone (either side closed it). */
    public void onClosed() {
        closed = true;
        helloTimer.cancel(false);
        for (DocId id : Map.copyOf(docs).keySet()) leave(id);
    }

    private void invalid(Decoded.Failure<ClientMessage> f) {
        if (f.code() == ErrorCode.MESSAGE_TOO_BIG) {
            close(CloseCode.MESSAGE_TOO_BIG);
            return;
        }
        long now = System.nanoTime();
        if (now - minuteStart > 60_000_000_000L) {
            minuteStart = now;
            invalidThisMinute = 0;
        }
        if (++invalidThisMinute > limits.maxInvalidMessages()) {
            close(CloseCode.FLOOD);
            return;
        }
        send(f.toReply());
    }

    void error(DocId doc, Long seq, ErrorCode code, String message) {
        send(new ServerMessage.ErrorReply(code, message, doc, seq, null));
    }

    /**
     * Queues a frame. Called from the connection's thread and from documents' executors. A client
     * that does not read fast enough is disconnected instead of growing the server's memory.
     */
    void send(ServerMessage message) {
        if (closed) return;
        if (pendingFrames.incrementAndGet() > limits.maxPendingMessages()) {
            close(CloseCode.SLOW_CONSUMER);
            return;
        }
        transport.send(codec.encode(message)).whenComplete((ok, err) -> pendingFrames.decrementAndGet());
    }

    void close(CloseCode code) {
        if (closed) return;
        closed = true;
        transport.close(code);
    }
}
