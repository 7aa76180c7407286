package io.cowrite.editor.session;

import io.cowrite.auth.Permission;
import io.cowrite.auth.Principal;
import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.Decoded;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.Limits;
import io.cowrite.core.protocol.ServerMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket connection speaking protocol v1: decode, validate, authorize, dispatch one small method
 * per message type. Frames of one connection are handled one at a time and in order (Netty reads a
 * channel on one thread; while the hello is being authenticated, later frames wait in the
 * {@link Inbox}). The membership map, the outbox and {@code closed} are also touched by documents'
 * executors and the timer thread, and are thread-safe. Requests for a document that is still loading
 * are deferred by the document itself, in order.
 *
 * <p>Every request is authorized with the session's {@link Principal}, established once by the
 * {@link Handshake}: joining needs {@code read}, an op needs {@code write}.
 *
 * <p>Ending: whoever ends the session (the client, a limit, the node) leaves its documents at once,
 * even while the close handshake is still under way, so presence and the session count never wait on
 * a socket that cannot be written.
 */
public final class ClientSession {
    private final Transport transport;
    final SessionContext ctx;
    private final SessionLimits limits;
    final Limits advertised;
    private final String sessionId;
    private final String remoteAddress;
    private final Map<DocId, Membership> docs = new ConcurrentHashMap<>();
    private final Outbox outbox;
    private final RateLimiter rate;
    private final RateLimiter joins;
    /**
     * Requests refused as {@code rate_limited} that a connection may collect: {@code opsPerSecond} per second,
     * bursts of ten seconds' worth. Beyond, the rate is "far exceeded" (§8): close 4003.
     */
    private final RateLimiter refusals;
    /**
     * Cursor updates are coalesced per session by the document (the latest wins, at most {@code cursor-rate}
     * relayed per second); beyond 100/s (bursts of 200) they are not even looked at: a flood guard.
     */
    private final RateLimiter cursorRate = new RateLimiter(100, 200, System.nanoTime());
    /** A client pings after 20 s of silence; beyond {@code pings-per-second}, pings go unanswered (a flood of pongs costs the node). */
    private final RateLimiter pingRate;
    private final FrameAssembler assembler;
    final Inbox inbox = new Inbox(32);
    private final Handshake handshake;
    private final ScheduledFuture<?> helloTimer;
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicBoolean whoReleased = new AtomicBoolean();
    private final boolean addressCounted;
    /** How this session is carried (WebSocket, an event stream, one HTTP request). */
    final Options options;
    private volatile boolean closed;
    private volatile long lastHeard = System.nanoTime();
    /** Set once by the handshake, before any other request is handled. */
    private volatile Who who;
    private int invalidThisMinute;
    private long minuteStart = System.nanoTime();

    /** The authenticated party of this session: its principal, client id and color. */
    record Who(Principal principal, String clientId, String color, ScheduledFuture<?> expiry) {
    }

    /**
     * How a session is carried. A WebSocket: shown in presence, one per client id on the node, its own op rate.
     * An HTTP request that lives only until its answer (a long poll, a POST): invisible in presence, not
     * exclusive (it must not close the client's event stream), and the op rate of its client id, shared by
     * all of that client's requests ({@code rate}).
     *
     * @param visible   whether the session's memberships appear in presence
     * @param exclusive whether a newer session of the same client id closes it (and it closes an older one)
     * @param rate      the op rate limiter to use (shared across requests), or null for the session's own
     */
    record Options(boolean visible, boolean exclusive, RateLimiter rate) {
        static final Options WEBSOCKET = new Options(true, true, null);
    }

    public ClientSession(Transport transport, SessionContext ctx, String sessionId, String remoteAddress) {
        this(transport, ctx, sessionId, remoteAddress, Options.WEBSOCKET);
    }

    ClientSession(Transport transport, SessionContext ctx, String sessionId, String remoteAddress, Options options) {
        this.options = options;
        this.transport = transport;
        this.ctx = ctx;
        this.limits = ctx.limits();
        this.sessionId = sessionId;
        this.remoteAddress = remoteAddress;
        this.advertised = new Limits(limits.maxMessageBytes(), ctx.maxDocLength(), limits.opsPerSecond(),
                limits.maxPendingMessages());
        this.outbox = new Outbox(transport, limits.maxPendingMessages(), limits.maxPendingBytes());
        this.assembler = new FrameAssembler(limits.maxMessageBytes());
        double burst = 2.0 * limits.opsPerSecond();
        this.rate = options.rate() != null ? options.rate() : new RateLimiter(limits.opsPerSecond(), burst, System.nanoTime(),
                ctx.quotas().floodedRecently(remoteAddress) ? 0 : burst); // reconnecting after a 4003 earns no burst
        this.joins = new RateLimiter(limits.joinsPerSecond(), 2.0 * limits.joinsPerSecond(), System.nanoTime());
        this.pingRate = new RateLimiter(limits.pingsPerSecond(), 2.0 * limits.pingsPerSecond(), System.nanoTime());
        this.refusals = new RateLimiter(limits.opsPerSecond(), 10.0 * limits.opsPerSecond(), System.nanoTime());
        this.handshake = new Handshake(this);
        this.helloTimer = ctx.timers().schedule(() -> {
            if (who == null) close(CloseCode.TIMEOUT);
        }, limits.helloTimeout().toMillis(), TimeUnit.MILLISECONDS);
        CloseCode refused = ctx.sessions().opened(this);
        this.addressCounted = refused == null && ctx.quotas().openFrom(remoteAddress);
        if (refused == CloseCode.DRAINING) {
            drain(0); // a connection that arrives while the node drains goes elsewhere at once
        } else if (refused != null) {
            close(refused);
        } else if (!addressCounted) {
            close(CloseCode.TOO_MANY_CONNECTIONS);
        }
    }

    /** The node drains: tells the client to reconnect after {@code retryAfterMs} and ends the session with 4000. */
    public void drain(long retryAfterMs) {
        send(new ServerMessage.Reconnect("draining", retryAfterMs, null));
        close(CloseCode.DRAINING);
    }

    /** The node drains: tells the client to reconnect after {@code retryAfterMs}, keeping the session open for now. */
    public void announceDrain(long retryAfterMs) {
        send(new ServerMessage.Reconnect("draining", retryAfterMs, null));
    }

    /** True while an op of this session was forwarded and not yet answered (acked or refused). */
    public boolean hasInflight() {
        for (Membership m : docs.values()) if (m.inflight != 0) return true;
        return false;
    }

    /**
     * Starts a session whose principal an HTTP request established already (its {@code Authorization}
     * header): the same handshake as a {@code hello}, without a second authentication.
     */
    void startAuthenticated(Principal principal, String clientId, String resume, String name) {
        helloTimer.cancel(false);
        handshake.authenticated(new ClientMessage.Hello(io.cowrite.core.protocol.Protocol.VERSION, clientId, resume, null, name),
                principal);
    }

    /** A request of an HTTP transport, as if it had arrived as a frame. */
    void request(ClientMessage m) {
        if (!closed) dispatch(m);
    }

    long lastHeardNanos() {
        return lastHeard;
    }

    String sessionId() {
        return sessionId;
    }

    String clientId() {
        Who w = who;
        return w == null ? null : w.clientId();
    }

    String name() {
        return who.principal().name();
    }

    String userId() {
        return who.principal().userId();
    }

    String color() {
        return who.color();
    }

    boolean isClosed() {
        return closed;
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
        if (!inbox.offer(frame, this::handle)) close(CloseCode.FLOOD); // too much sent before the welcome
    }

    /** Decodes and dispatches one frame; frames run one at a time, in order (see {@link Inbox}). */
    void handle(String frame) {
        if (closed) return;
        switch (ctx.codec().decodeClient(frame)) {
            case Decoded.Ok<ClientMessage> ok -> dispatch(ok.message());
            case Decoded.Failure<ClientMessage> f -> invalid(f);
        }
    }

    /** A binary frame: protocol v1 is text only. */
    public void onBinary() {
        close(CloseCode.PROTOCOL_VIOLATION);
    }

    /** A frame with RSV bits set that no negotiated extension explains: RFC 6455 says fail the connection. */
    public void onReservedBits() {
        close(CloseCode.PROTOCOL_ERROR);
    }

    /** A pong frame (the answer to the server's ping): the connection is alive. */
    public void onPong() {
        lastHeard = System.nanoTime();
    }

    /** Sends a WebSocket ping (the node pings every session periodically). */
    void ping() {
        if (!closed) transport.ping();
    }

    private void dispatch(ClientMessage m) {
        if (m instanceof ClientMessage.Hello h) {
            helloTimer.cancel(false);
            handshake.hello(h);
            return;
        }
        if (who == null) { // anything before a welcome, or while the hello is pending, is a violation
            close(CloseCode.PROTOCOL_VIOLATION);
            return;
        }
        switch (m) {
            case ClientMessage.Join j -> join(j);
            case ClientMessage.Op op -> submit(op);
            case ClientMessage.Cursor c -> cursor(c);
            case ClientMessage.Leave l -> leave(l.doc());
            case ClientMessage.Ping p -> {
                if (pingRate.tryAcquire(System.nanoTime())) send(new ServerMessage.Pong(p.id()));
            }
            case ClientMessage.Hello h -> throw new AssertionError("handled above");
        }
    }

    /** Called by the handshake once the hello is accepted, before any waiting frame runs. */
    void welcomed(Who w) {
        this.who = w;
        if (closed) releaseWho(w); // ended meanwhile: undo what the handshake registered
    }

    private void join(ClientMessage.Join j) {
        String doc = j.doc().value();
        if (docs.containsKey(j.doc())) {
            error(j.doc(), null, ErrorCode.ALREADY_JOINED, "already joined " + doc);
        } else if (!who.principal().can(Permission.READ, doc)) {
            error(j.doc(), null, ErrorCode.FORBIDDEN, "no access to " + doc);
        } else if (docs.size() >= limits.maxDocsPerConnection()) {
            error(j.doc(), null, ErrorCode.TOO_MANY_DOCS, "at most " + limits.maxDocsPerConnection() + " documents per connection");
        } else if (!joins.tryAcquire(System.nanoTime())) {
            rateLimited(j.doc(), null, "more than " + limits.joinsPerSecond() + " joins/s; join again later");
        } else {
            admit(j, doc);
        }
    }

    private void admit(ClientMessage.Join j, String doc) {
        boolean readOnly = !who.principal().can(Permission.WRITE, doc);
        Membership member = new Membership(this, j.doc(), ctx.documents().open(doc), readOnly, options.visible());
        docs.put(j.doc(), member);
        member.doc.join(member, j.version());
        member.doc.loaded().whenComplete((d, err) -> {
            if (err != null && docs.remove(j.doc(), member)) {
                error(j.doc(), null, ErrorCode.UNAVAILABLE, "document " + doc + " could not be loaded; retry");
            }
        });
        if (closed) leave(j.doc()); // the session ended while joining: do not leave a member behind
    }

    /**
     * The document refused the join (a version it never had, or history unreachable): the session is not
     * in it, so a later join is a new join, not {@code already_joined}, and the slot is free again.
     */
    void joinRefused(DocId id, Membership m) {
        if (docs.remove(id, m)) m.doc.leave(m, () -> ctx.documents().release(id.value()));
    }

    private Membership joined(DocId doc, Long seq) {
        Membership m = docs.get(doc);
        if (m == null) error(doc, seq, ErrorCode.NOT_JOINED, "join " + doc.value() + " first");
        return m;
    }

    private void submit(ClientMessage.Op op) {
        if (!op.clientId().equals(who.clientId())) {
            error(op.doc(), op.seq(), ErrorCode.INVALID_FIELD, "clientId must be the one given in welcome");
            return;
        }
        Membership m = joined(op.doc(), op.seq());
        if (m == null) return;
        if (m.readOnly) {
            error(op.doc(), op.seq(), ErrorCode.FORBIDDEN, "read-only access to " + op.doc().value());
        } else if (!opAllowed()) {
            rateLimited(op.doc(), op.seq(), "more than " + limits.opsPerSecond() + " ops/s; resend later");
        } else {
            m.inflight = op.seq();
            m.doc.submit(m, op.base(), op.seq(), op.op());
        }
    }

    private boolean opAllowed() {
        boolean ok;
        synchronized (rate) { // shared by an HTTP client's concurrent requests
            ok = rate.tryAcquire(System.nanoTime());
        }
        return ok && ctx.quotas().opBy(who.principal().limitKey());
    }

    /** A {@code rate_limited} reply, or close 4003 when the client keeps sending far beyond its rate. */
    private void rateLimited(DocId doc, Long seq, String message) {
        if (refusals.tryAcquire(System.nanoTime())) {
            error(doc, seq, ErrorCode.RATE_LIMITED, message);
        } else {
            ctx.quotas().flooded(remoteAddress);
            close(CloseCode.FLOOD);
        }
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
        m.doc.leave(m, () -> ctx.documents().release(id.value()));
    }

    /** The connection is gone (either side closed it). */
    public void onClosed() {
        closed = true;
        release();
    }

    /** Leaves every document, the session registry and the quotas, once, whoever ended the session. */
    private void release() {
        if (!released.compareAndSet(false, true)) return;
        helloTimer.cancel(false);
        ctx.sessions().closed(null, this);
        if (addressCounted) ctx.quotas().closedFrom(remoteAddress);
        Who w = who;
        if (w != null) releaseWho(w);
        for (DocId id : Map.copyOf(docs).keySet()) leave(id);
    }

    /** Undoes what the handshake registered for {@code w}, once (the session may end while it runs). */
    private void releaseWho(Who w) {
        if (!whoReleased.compareAndSet(false, true)) return;
        ctx.sessions().closed(w.clientId(), this);
        ctx.quotas().goneAs(w.principal().limitKey());
        if (w.expiry() != null) w.expiry().cancel(false);
    }

    private void invalid(Decoded.Failure<ClientMessage> f) {
        if (f.code() == ErrorCode.MESSAGE_TOO_BIG) {
            close(CloseCode.MESSAGE_TOO_BIG);
            return;
        }
        if (who == null) { // before (or instead of) a valid hello, every failure closes: no error reply
            close(CloseCode.PROTOCOL_VIOLATION);
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

    /** Encodes and queues a message. Called from the connection's thread and from documents' executors. */
    void send(ServerMessage message) {
        if (closed) return;
        sendEncoded(ctx.codec().encode(message).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Queues an encoded frame (shared, never modified). A client that does not read fast enough is
     * disconnected instead of growing the server's memory.
     */
    void sendEncoded(byte[] frame) {
        if (closed) return;
        if (!outbox.offer(frame)) close(CloseCode.SLOW_CONSUMER);
    }

    /**
     * Ends the session with {@code code} (idempotent: later codes are ignored). The stage completes once
     * the connection is closed ({@link Transport#close}).
     */
    public CompletionStage<?> close(CloseCode code) {
        if (closed) return transport.close(code); // the first close's outcome
        closed = true;
        CompletionStage<?> dropped = transport.close(code);
        release();
        return dropped;
    }
}
