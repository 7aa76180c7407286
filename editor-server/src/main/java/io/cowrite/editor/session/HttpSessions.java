package io.cowrite.editor.session;

import io.cowrite.auth.Principal;
import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.Decoded;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.Limits;
import io.cowrite.core.protocol.Protocol;
import io.cowrite.core.protocol.ServerMessage;
import io.cowrite.editor.identity.ClientIdentity;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP transports (docs/protocol.md §13) as sessions of this node. Every request becomes a
 * {@link ClientSession} over another {@link Transport}: an event stream follows a document like a WebSocket
 * that only joins; a long poll and a POST are sessions that live until their answer, invisible in presence.
 * So they share the handshake (identity, per-user limit), the join (read grant, replay or resync), the write
 * path (write grant, dedup, ack), the rate limits, the connection cap and the drain. Thread-safe.
 */
public final class HttpSessions {
    /** Rate limiters of HTTP clients beyond which the map is cleared (a client then gets a fresh burst). */
    private static final int MAX_RATES = 100_000;

    private final SessionContext ctx;
    private final Duration longPollMax;
    private final Duration answerTimeout;
    private final Map<String, RateLimiter> rates = new ConcurrentHashMap<>();

    /**
     * Who sends an HTTP request: the principal of its {@code Authorization} header, the identity headers (null
     * when absent), the open mode's display name and the client address.
     */
    public record Caller(Principal principal, String clientId, String resume, String name, String address) {
    }

    public HttpSessions(SessionContext ctx, Duration longPollMax, Duration answerTimeout) {
        this.ctx = ctx;
        this.longPollMax = longPollMax;
        this.answerTimeout = answerTimeout;
    }

    /** Why a new HTTP session would be refused now (draining, full), or null. */
    public CloseCode admission() {
        return ctx.sessions().admission();
    }

    /** {@code POST /api/session}: what a {@code hello} answers, without a connection. */
    public HttpAnswer identity(Caller c, String body) {
        CloseCode refused = admission();
        if (refused != null) return HttpAnswer.refused(refused);
        if (!ctx.identity().ready()) return HttpAnswer.refused(CloseCode.TRY_AGAIN_LATER);
        String json = merge("{\"type\":\"hello\",\"protocol\":" + Protocol.VERSION, body);
        if (json == null) return HttpAnswer.error(ErrorCode.INVALID_JSON, "the body must be a JSON object");
        if (!(ctx.codec().decodeClient(json) instanceof Decoded.Ok<ClientMessage> ok && ok.message() instanceof ClientMessage.Hello h)) {
            Decoded<ClientMessage> d = ctx.codec().decodeClient(json);
            return HttpAnswer.error(((Decoded.Failure<ClientMessage>) d).toReply());
        }
        String user = c.principal().userId() == null ? "" : c.principal().userId();
        ClientIdentity.Issued id = ctx.identity().verify(h.clientId(), h.resume(), user)
                ? new ClientIdentity.Issued(h.clientId(), h.resume()) : ctx.identity().issue(user);
        return HttpAnswer.ok(new ServerMessage.Welcome(Protocol.VERSION, UUID.randomUUID().toString(), id.clientId(),
                id.resume(), ctx.node(), limits()));
    }

    /**
     * {@code GET /api/docs/{doc}/events}: a session on {@code transport} that joins {@code doc} from
     * {@code version} (null: fresh). It runs under the caller's identity when it has one (then it is the
     * client's one session on this node, like a WebSocket), else under a new one.
     */
    public ClientSession follow(Transport transport, Caller c, DocId doc, Long version) {
        ClientSession s = new ClientSession(transport, ctx, UUID.randomUUID().toString(), c.address(),
                new ClientSession.Options(true, c.clientId() != null, null));
        s.startAuthenticated(c.principal(), c.clientId(), c.resume(), c.name());
        s.request(new ClientMessage.Join(doc, version));
        return s;
    }

    /** {@code GET /api/docs/{doc}/ops?since=}: the ops since {@code since} once there are any, or none after the timeout. */
    public CompletableFuture<HttpAnswer> poll(Caller c, DocId doc, Long since, Duration timeout) {
        CompletableFuture<HttpAnswer> answer = new CompletableFuture<>();
        LongPoll poll = new LongPoll(doc, since, answer);
        Duration wait = timeout == null || timeout.compareTo(longPollMax) > 0 ? longPollMax : timeout;
        run(c, null, null, poll::on, answer, wait, poll::timedOut, s -> s.request(new ClientMessage.Join(doc, since)));
        return answer;
    }

    /** {@code POST /api/docs/{doc}/ops}: the op through the write path; its ack or its reply error. */
    public CompletableFuture<HttpAnswer> submit(Caller c, DocId doc, String body) {
        String json = merge("{\"type\":\"op\",\"doc\":\"" + doc.value() + "\"", body);
        if (json == null) return CompletableFuture.completedFuture(HttpAnswer.error(ErrorCode.INVALID_JSON, "the body must be a JSON object"));
        Decoded<ClientMessage> d = ctx.codec().decodeClient(json);
        if (d instanceof Decoded.Failure<ClientMessage> f) return CompletableFuture.completedFuture(HttpAnswer.error(f.toReply()));
        ClientMessage.Op op = (ClientMessage.Op) ((Decoded.Ok<ClientMessage>) d).message();
        if (!ctx.identity().ready()) return CompletableFuture.completedFuture(HttpAnswer.refused(CloseCode.TRY_AGAIN_LATER));
        String user = c.principal().userId() == null ? "" : c.principal().userId();
        if (!ctx.identity().verify(op.clientId(), c.resume(), user)) {
            return CompletableFuture.completedFuture(HttpAnswer.error(new ServerMessage.ErrorReply(ErrorCode.INVALID_FIELD,
                    "Cowrite-Resume is not the secret of this clientId (POST /api/session for an identity)", doc, op.seq(), null)));
        }
        CompletableFuture<HttpAnswer> answer = new CompletableFuture<>();
        java.util.function.Consumer<ServerMessage> listener = m -> {
            if (m instanceof ServerMessage.Ack a && a.seq() == op.seq()) answer.complete(HttpAnswer.ok(a));
            if (m instanceof ServerMessage.ErrorReply e && (e.seq() == null || e.seq() == op.seq())) answer.complete(HttpAnswer.error(e));
        };
        run(c, op.clientId(), rateOf(op.clientId()), listener, answer, answerTimeout,
                () -> HttpAnswer.error(new ServerMessage.ErrorReply(ErrorCode.UNAVAILABLE,
                        "no answer in time: the op may or may not be committed; resend it unchanged", doc, op.seq(), null)),
                s -> {
                    s.request(new ClientMessage.Join(doc, op.base()));
                    s.request(op);
                });
        return answer;
    }

    /** A session that lives until {@code answer} completes (then it leaves and ends), or until {@code wait} passes. */
    private void run(Caller c, String clientId, RateLimiter rate, java.util.function.Consumer<ServerMessage> listener,
                     CompletableFuture<HttpAnswer> answer, Duration wait, java.util.function.Supplier<HttpAnswer> onTimeout,
                     java.util.function.Consumer<ClientSession> requests) {
        ReplyTransport transport = new ReplyTransport(ctx.codec(), listener, code -> answer.complete(HttpAnswer.refused(code)));
        ClientSession s = new ClientSession(transport, ctx, UUID.randomUUID().toString(), c.address(),
                new ClientSession.Options(false, false, rate));
        ScheduledFuture<?> timer = ctx.timers().schedule(() -> answer.complete(onTimeout.get()), wait.toMillis(), TimeUnit.MILLISECONDS);
        answer.whenComplete((a, err) -> {
            timer.cancel(false);
            s.close(CloseCode.NORMAL);
        });
        s.startAuthenticated(c.principal(), clientId, c.resume(), c.name());
        requests.accept(s);
    }

    private RateLimiter rateOf(String clientId) {
        if (rates.size() > MAX_RATES) rates.clear();
        double perSecond = ctx.limits().opsPerSecond();
        return rates.computeIfAbsent(clientId, id -> new RateLimiter(perSecond, 2 * perSecond, System.nanoTime()));
    }

    private Limits limits() {
        SessionLimits l = ctx.limits();
        return new Limits(l.maxMessageBytes(), ctx.maxDocLength(), l.opsPerSecond(), l.maxPendingMessages());
    }

    /** {@code prefix} (an unclosed JSON object) followed by the members of the JSON object {@code body}; null if it is not one. */
    static String merge(String prefix, String body) {
        String b = body == null ? "" : body.strip();
        if (b.isEmpty()) return prefix + "}";
        if (!b.startsWith("{")) return null;
        String inner = b.substring(1).strip();
        return inner.startsWith("}") ? prefix + inner : prefix + "," + inner;
    }
}
