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
import io.cowrite.editor.doc.DocumentRegistry;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One WebSocket connection speaking protocol v1: decode, validate, dispatch one small method per
 * message type. Frames of one connection arrive one at a time (Netty reads a channel on one thread),
 * so the dispatch state needs no lock; the membership map, the outbox counter and {@code closed} are
 * also touched by documents' executors and are thread-safe. Requests for a document that is still
 * loading are deferred by the document itself, in order.
 */
public final class ClientSession {
    private final Transport transport;
    private final ProtocolCodec codec;
    private final DocumentRegistry registry;
    private final SessionRegistry sessions;
    private final SessionLimits limits;
    private final Limits advertised;
    private final String sessionId;
    private final String node;
    private final Map<DocId, Membership> docs = new ConcurrentHashMap<>();
    private final AtomicInteger pendingFrames = new AtomicInteger();
    private final RateLimiter rate;
    private final FrameAssembler assembler;
    /** Cursors are ephemeral, last-writer-wins: beyond 20/s they are dropped silently. */
    private final RateLimiter cursorRate = new RateLimiter(20, 20, System.nanoTime());
    private final ScheduledFuture<?> helloTimer;
    private volatile boolean closed;
    private volatile long lastHeard = System.nanoTime();
    private String clientId;
    private String name;
    private String color;
    private int invalidThisMinute;
    private long minuteStart = System.nanoTime();

    public ClientSession(Transport transport, ProtocolCodec codec, DocumentRegistry registry, SessionRegistry sessions,
                         SessionLimits limits, String sessionId, String node, ScheduledExecutorService scheduler,
                         int maxDocLength) {
        this.transport = transport;
        this.codec = codec;
        this.registry = registry;
        this.sessions = sessions;
        this.limits = limits;
        this.sessionId = sessionId;
        this.node = node;
        this.advertised = new Limits(limits.maxMessageBytes(), maxDocLength, limits.opsPerSecond(),
                limits.maxPendingMessages());
        this.assembler = new FrameAssembler(limits.maxMessageBytes());
        this.rate = new RateLimiter(limits.opsPerSecond(), 2.0 * limits.opsPerSecond(), System.nanoTime());
        this.helloTimer = scheduler.schedule(() -> {
            if (clientId == null) close(CloseCode.TIMEOUT);
        }, limits.helloTimeout().toMillis(), TimeUnit.MILLISECONDS);
        sessions.opened(this);
    }

    long lastHeardNanos() {
        return lastHeard;
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

    /** A fragment of a text message ({@code first}: a text frame, else a continuation frame). */
    public void onFragment(boolean first, byte[] data, boolean fin) {
        if (closed) return;
        lastHeard = System.nanoTime();
        FrameAssembler.Status status = first ? assembler.text(data, fin) : assembler.continuation(data, fin);
        switch (status) {
            case COMPLETE -> onText(assembler.message());
            case INCOMPLETE -> {
            }
            case TOO_BIG -> close(CloseCode.MESSAGE_TOO_BIG);
            case NOT_UTF8, UNEXPECTED_CONTINUATION -> close(CloseCode.PROTOCOL_VIOLATION);
        }
    }

    /** A complete text message from the client. */
    public void onText(String frame) {
        if (closed) return;
        lastHeard = System.nanoTime();
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
        sessions.hello(clientId, this);
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
        Membership member = new Membership(this, j.doc(), registry.open(j.doc().value()));
        docs.put(j.doc(), member);
        member.doc.join(member, j.version());
        member.doc.loaded().whenComplete((d, err) -> {
            if (err != null && docs.remove(j.doc(), member)) {
                error(j.doc(), null, ErrorCode.UNAVAILABLE, "document " + j.doc().value() + " could not be loaded; retry");
            }
        });
    }

    private Membership joined(DocId doc, Long seq) {
        Membership m = docs.get(doc);
        if (m == null) error(doc, seq, ErrorCode.NOT_JOINED, "join " + doc.value() + " first");
        return m;
    }

    private void submit(ClientMessage.Op op) {
        if (!op.clientId().equals(clientId)) {
            error(op.doc(), op.seq(), ErrorCode.INVALID_FIELD, "clientId must be the one given in hello");
            return;
        }
        Membership m = joined(op.doc(), op.seq());
        if (m == null) return;
        if (!rate.tryAcquire(System.nanoTime())) {
            error(op.doc(), op.seq(), ErrorCode.RATE_LIMITED, "more than " + limits.opsPerSecond() + " ops/s; resend later");
            return;
        }
        m.doc.submit(m, op.base(), op.seq(), op.op());
    }

    private void cursor(ClientMessage.Cursor c) {
        Membership m = joined(c.doc(), null);
        if (m != null && cursorRate.tryAcquire(System.nanoTime())) m.doc.cursor(m, c.version(), c.anchor(), c.head());
    }

    private void leave(DocId id) {
        Membership m = docs.remove(id);
        if (m == null) {
            error(id, null, ErrorCode.NOT_JOINED, "not in " + id.value());
            return;
        }
        m.doc.leave(m, () -> registry.release(id.value()));
    }

    /** The connection is gone (either side closed it). */
    public void onClosed() {
        closed = true;
        helloTimer.cancel(false);
        sessions.closed(clientId, this);
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
        CompletionStage<?> written;
        try {
            written = transport.send(codec.encode(message));
        } catch (RuntimeException e) {
            // The socket closed under us before onClosed ran (Micronaut's sendAsync throws then instead
            // of failing the stage). Drop the frame: the exception must never escape into a document's
            // fan-out loop, where it would cut off every participant after this one.
            pendingFrames.decrementAndGet();
            return;
        }
        written.whenComplete((ok, err) -> pendingFrames.decrementAndGet());
    }

    void close(CloseCode code) {
        if (closed) return;
        closed = true;
        transport.close(code);
    }
}
