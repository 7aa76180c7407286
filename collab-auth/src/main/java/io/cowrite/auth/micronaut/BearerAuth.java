package io.cowrite.auth.micronaut;

import io.cowrite.auth.AuthException;
import io.cowrite.auth.Authenticator;
import io.cowrite.auth.Permission;
import io.cowrite.auth.Principal;
import io.cowrite.core.protocol.DocId;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

/**
 * The HTTP APIs' side of the one authorization component (docs/security.md): the principal of an
 * {@code Authorization: Bearer <token>} header through the service's {@link Authenticator}, and the
 * answers every API gives when it is refused, in the JSON error shape {@code {"error","message"}}.
 * Whether a principal may do something is always {@link Principal#can} or {@link Principal#isGlobalAdmin};
 * the admin APIs ask through {@link #globalAdmin} and {@link #documentAdmin}, which answer
 * {@code if (auth.documentAdmin(authorization, doc) instanceof Refused r) return r.response();}.
 */
@Singleton
public final class BearerAuth {
    /** The body of every API error. */
    public record ApiError(String error, String message) {
    }

    /** The outcome of an access check: the principal let in, or the answer that refuses the request. */
    public sealed interface Access {
    }

    public record Granted(Principal principal) implements Access {
    }

    public record Refused(MutableHttpResponse<?> response) implements Access {
    }

    private final Authenticator authenticator;

    public BearerAuth(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** The principal of a {@code Bearer} credential (a missing header is {@link AuthException.Reason#MISSING}). */
    public Principal principal(String authorization) throws AuthException {
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
        if (token.isEmpty()) throw new AuthException(AuthException.Reason.MISSING, "no bearer token");
        return authenticator.authenticate(token, null);
    }

    /** Lets in a principal with the global admin grant; otherwise 401/503 ({@link #refused}) or 403. */
    public Access globalAdmin(String authorization) {
        try {
            Principal who = principal(authorization);
            return who.isGlobalAdmin() ? new Granted(who) : new Refused(forbidden());
        } catch (AuthException e) {
            return new Refused(refused(e));
        }
    }

    /**
     * Lets in a principal with the {@code admin} grant on {@code doc}; otherwise 401/503 ({@link #refused}),
     * 400 {@code invalid_doc} when {@code doc} is no document id, or 403.
     */
    public Access documentAdmin(String authorization, String doc) {
        try {
            Principal who = principal(authorization);
            if (!DocId.isValid(doc)) {
                return new Refused(error(HttpStatus.BAD_REQUEST, "invalid_doc", "a document id is 1-128 characters of [A-Za-z0-9_-]"));
            }
            return who.can(Permission.ADMIN, doc) ? new Granted(who) : new Refused(forbidden());
        } catch (AuthException e) {
            return new Refused(refused(e));
        }
    }

    /** 401, or 503 when the credential could not be checked (the jwt mode's key set is unreachable: retry). */
    public static MutableHttpResponse<?> refused(AuthException e) {
        if (e.reason() == AuthException.Reason.UNAVAILABLE) {
            return error(HttpStatus.SERVICE_UNAVAILABLE, "auth_unavailable", "the token cannot be checked now; retry later");
        }
        return error(HttpStatus.UNAUTHORIZED, "unauthorized", "send Authorization: Bearer <token>")
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }

    /** 403: authenticated, but without the admin grant this needs. */
    public static MutableHttpResponse<?> forbidden() {
        return error(HttpStatus.FORBIDDEN, "forbidden", "this token has no admin grant for that");
    }

    public static MutableHttpResponse<?> error(HttpStatus status, String code, String message) {
        return HttpResponse.status(status).body(new ApiError(code, message));
    }
}
