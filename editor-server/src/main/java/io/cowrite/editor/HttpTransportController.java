package io.cowrite.editor;

import io.cowrite.auth.AuthException;
import io.cowrite.auth.Authenticator;
import io.cowrite.auth.Permission;
import io.cowrite.auth.Principal;
import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.editor.session.HttpAnswer;
import io.cowrite.editor.session.HttpSessions;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The HTTP transports (docs/protocol.md §13). Thin: it reads the credential, the identity headers and the
 * parameters, refuses what is malformed or unauthorized with a status, and delegates to {@link HttpSessions},
 * where each request is a session of the node like a WebSocket connection. Authentication may wait on a key
 * fetch, so these run off the event loop.
 */
@Controller("/api")
@Requires(env = "editor")
@ExecuteOn(TaskExecutors.BLOCKING)
public class HttpTransportController {
    static final String CLIENT_ID = "Cowrite-Client-Id";
    static final String RESUME = "Cowrite-Resume";
    private static final long MAX_INT = 9007199254740991L;

    private final HttpSessions sessions;
    private final Authenticator authenticator;
    private final ProtocolCodec codec;
    private final EditorConfig config;
    private final ScheduledExecutorService timers;
    private final ClientAddress addresses;

    public HttpTransportController(HttpSessions sessions, Authenticator authenticator, ProtocolCodec codec, EditorConfig config,
                                   @Named("cowrite-timers") ScheduledExecutorService timers) {
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.codec = codec;
        this.config = config;
        this.timers = timers;
        this.addresses = new ClientAddress(config.trustedProxies());
    }

    /** An identity, as {@code hello} gives one (§13.1). */
    @Post(uri = "/session", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<?> session(HttpRequest<?> request, @Nullable @Body String body, @Nullable @QueryValue String name) {
        try {
            return respond(sessions.identity(caller(request, null, null, name), body));
        } catch (AuthException e) {
            return refused(e);
        }
    }

    /** The document's event stream (§13.2). */
    @Get(uri = "/docs/{doc}/events", produces = MediaType.TEXT_EVENT_STREAM)
    public HttpResponse<?> events(HttpRequest<?> request, @PathVariable String doc, @Nullable @QueryValue String version,
                                  @Nullable @QueryValue String name, @Nullable @Header("Last-Event-ID") String lastEventId,
                                  @Nullable @Header(CLIENT_ID) String clientId, @Nullable @Header(RESUME) String resume) {
        if (!DocId.isValid(doc)) return respond(HttpAnswer.error(ErrorCode.INVALID_DOC_ID, "not a document id"));
        String from = lastEventId != null && !lastEventId.isBlank() ? lastEventId.strip() : version;
        Long v = version(from);
        if (from != null && v == null) return respond(HttpAnswer.error(ErrorCode.INVALID_FIELD,
                "Last-Event-ID or version must be an integer from 0 to " + MAX_INT));
        if ((clientId == null) != (resume == null)) return respond(HttpAnswer.error(ErrorCode.INVALID_FIELD,
                CLIENT_ID + " and " + RESUME + " go together"));
        HttpSessions.Caller caller;
        try {
            caller = caller(request, clientId, resume, name);
        } catch (AuthException e) {
            return refused(e);
        }
        if (!caller.principal().can(Permission.READ, doc)) {
            return respond(HttpAnswer.error(ErrorCode.FORBIDDEN, "no access to " + doc));
        }
        CloseCode refused = sessions.admission();
        if (refused != null) return respond(HttpAnswer.refused(refused));
        SseTransport stream = new SseTransport(codec, timers, config.sseKeepAlive());
        stream.attach(sessions.follow(stream, caller, DocId.of(doc), v));
        return HttpResponse.ok(stream).contentType(MediaType.TEXT_EVENT_STREAM_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache").header("X-Accel-Buffering", "no");
    }

    /** Long polling (§13.3). */
    @Get(uri = "/docs/{doc}/ops", produces = MediaType.APPLICATION_JSON)
    public CompletableFuture<HttpResponse<?>> poll(HttpRequest<?> request, @PathVariable String doc, @Nullable @QueryValue String since,
                                                   @Nullable @QueryValue String timeout, @Nullable @QueryValue String name) {
        if (!DocId.isValid(doc)) return done(HttpAnswer.error(ErrorCode.INVALID_DOC_ID, "not a document id"));
        Long v = version(since);
        Long t = version(timeout);
        if ((since != null && v == null) || (timeout != null && t == null)) {
            return done(HttpAnswer.error(ErrorCode.INVALID_FIELD, "since and timeout must be integers from 0 to " + MAX_INT));
        }
        try {
            HttpSessions.Caller caller = caller(request, null, null, name);
            return sessions.poll(caller, DocId.of(doc), v, t == null ? null : Duration.ofMillis(t)).thenApply(this::respond);
        } catch (AuthException e) {
            return CompletableFuture.completedFuture(refused(e));
        }
    }

    /** Submitting an op (§13.4). */
    @Post(uri = "/docs/{doc}/ops", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public CompletableFuture<HttpResponse<?>> submit(HttpRequest<?> request, @PathVariable String doc, @Nullable @Body String body,
                                                     @Nullable @Header(RESUME) String resume) {
        if (!DocId.isValid(doc)) return done(HttpAnswer.error(ErrorCode.INVALID_DOC_ID, "not a document id"));
        if (resume == null) return done(HttpAnswer.error(ErrorCode.INVALID_FIELD, "send the identity's secret in " + RESUME));
        try {
            HttpSessions.Caller caller = caller(request, null, resume, null);
            CloseCode refused = sessions.admission();
            if (refused != null) return done(HttpAnswer.refused(refused));
            return sessions.submit(caller, DocId.of(doc), body).thenApply(this::respond);
        } catch (AuthException e) {
            return CompletableFuture.completedFuture(refused(e));
        }
    }

    private HttpSessions.Caller caller(HttpRequest<?> request, String clientId, String resume, String name) throws AuthException {
        String auth = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
        if (auth != null && token == null) throw new AuthException(AuthException.Reason.INVALID, "not a Bearer credential");
        Principal p = authenticator.authenticate(token == null || token.isEmpty() ? null : token,
                name == null || name.length() > 64 ? null : name);
        String address = addresses.resolve(request.getRemoteAddress().getAddress(), request.getHeaders().get("X-Forwarded-For"));
        return new HttpSessions.Caller(p, clientId, resume, name, address);
    }

    private static Long version(String s) {
        if (s == null) return null;
        try {
            long v = Long.parseLong(s.strip());
            return v >= 0 && v <= MAX_INT ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private CompletableFuture<HttpResponse<?>> done(HttpAnswer a) {
        return CompletableFuture.completedFuture(respond(a));
    }

    private MutableHttpResponse<?> refused(AuthException e) {
        return respond(HttpAnswer.refused(e.reason() == AuthException.Reason.UNAVAILABLE ? CloseCode.TRY_AGAIN_LATER : CloseCode.UNAUTHORIZED));
    }

    private MutableHttpResponse<?> respond(HttpAnswer a) {
        String body = a.message() != null ? codec.encode(a.message())
                : "{\"type\":\"error\",\"code\":\"" + a.code() + "\",\"message\":\"" + a.text() + "\",\"retryable\":"
                + (a.status() == 503 || a.status() == 429) + "}";
        MutableHttpResponse<String> r = HttpResponse.<String>status(io.micronaut.http.HttpStatus.valueOf(a.status()))
                .body(body).contentType(MediaType.APPLICATION_JSON_TYPE);
        if (a.retryAfterS() > 0) r.header(HttpHeaders.RETRY_AFTER, Integer.toString(a.retryAfterS()));
        if (a.status() == 401) r.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return r;
    }
}
