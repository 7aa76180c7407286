package io.cowrite.editor.session;

import io.cowrite.auth.AuthException;
import io.cowrite.auth.Principal;
import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.Protocol;
import io.cowrite.core.protocol.ServerMessage;
import io.cowrite.editor.identity.ClientIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The hello of one session: protocol agreement, authentication (off the event loop: a JWKS lookup may
 * wait; later frames wait in the session's inbox meanwhile), the per-user connection limit, the
 * identity (resumed only with its secret, and only by the same user), then the welcome, and a timer
 * that ends the session when its token expires.
 */
final class Handshake {
    private final ClientSession session;
    private final AtomicBoolean started = new AtomicBoolean();

    Handshake(ClientSession session) {
        this.session = session;
    }

    void hello(ClientMessage.Hello h) {
        if (!started.compareAndSet(false, true)) { // a second hello
            session.close(CloseCode.PROTOCOL_VIOLATION);
            return;
        }
        if (h.protocol() != Protocol.VERSION) {
            session.close(CloseCode.UNSUPPORTED_PROTOCOL);
            return;
        }
        if (!session.ctx.identity().ready()) {
            session.close(CloseCode.TRY_AGAIN_LATER); // the node is starting: it cannot issue identities yet
            return;
        }
        session.inbox.pause();
        session.ctx.authExecutor().execute(() -> authenticate(h));
    }

    /** A hello whose principal is known already (an HTTP request's {@code Authorization}): no inbox to pause. */
    void authenticated(ClientMessage.Hello h, Principal principal) {
        if (!started.compareAndSet(false, true)) return;
        if (!session.ctx.identity().ready()) {
            session.close(CloseCode.TRY_AGAIN_LATER);
            return;
        }
        if (!session.ctx.quotas().helloAs(principal.limitKey())) {
            session.close(CloseCode.TOO_MANY_CONNECTIONS);
            return;
        }
        welcome(h, principal);
    }

    private void authenticate(ClientMessage.Hello h) {
        Principal principal;
        try {
            principal = session.ctx.authenticator().authenticate(h.token(), h.name());
        } catch (AuthException e) {
            session.close(e.reason() == AuthException.Reason.UNAVAILABLE ? CloseCode.TRY_AGAIN_LATER : CloseCode.UNAUTHORIZED);
            return;
        }
        if (!session.ctx.quotas().helloAs(principal.limitKey())) {
            session.close(CloseCode.TOO_MANY_CONNECTIONS);
            return;
        }
        session.inbox.resume(() -> welcome(h, principal), session::handle);
    }

    private void welcome(ClientMessage.Hello h, Principal principal) {
        ClientIdentity identity = session.ctx.identity();
        String boundTo = principal.userId() == null ? "" : principal.userId();
        // Only the holder of an id's resume secret (and, with tokens, only the same user) may act under it.
        ClientIdentity.Issued id = identity.verify(h.clientId(), h.resume(), boundTo)
                ? new ClientIdentity.Issued(h.clientId(), h.resume()) : identity.issue(boundTo);
        ClientSession.Who who = new ClientSession.Who(principal, id.clientId(), io.cowrite.editor.presence.Colors.forClient(id.clientId()),
                expiryTimer(principal.expiresAt()));
        session.welcomed(who);
        if (session.options.exclusive()) session.ctx.sessions().hello(id.clientId(), session);
        session.send(new ServerMessage.Welcome(Protocol.VERSION, session.sessionId(), id.clientId(), id.resume(),
                session.ctx.node(), session.advertised));
    }

    /** A token that expires mid-session ends the session (4501): the client gets a new token and resumes. */
    private ScheduledFuture<?> expiryTimer(Instant expiresAt) {
        if (expiresAt == null) return null;
        long ms = Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis());
        return session.ctx.timers().schedule(() -> session.close(CloseCode.UNAUTHORIZED), ms, TimeUnit.MILLISECONDS);
    }
}
