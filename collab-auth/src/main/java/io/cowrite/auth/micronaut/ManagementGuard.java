package io.cowrite.auth.micronaut;

import io.cowrite.auth.AuthException;
import io.cowrite.auth.Authenticator;
import io.cowrite.auth.Principal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * The management endpoints ({@code /prometheus}, {@code /metrics}, {@code /beans}, {@code /loggers},
 * {@code /routes}, {@code /threaddump}, {@code /env}, {@code /info}, {@code /refresh}, {@code /stop}) answer
 * only a caller with the admin grant on every document ({@code *}), given as {@code Authorization: Bearer <token>} (the open mode's admin
 * token, or a JWT with an admin grant). {@code /health} stays public and says only UP or DOWN (its details
 * are never shown: {@code endpoints.health.details-visible: NEVER}).
 */
@ServerFilter({"/prometheus/**", "/metrics/**", "/beans/**", "/loggers/**", "/routes/**", "/threaddump/**",
        "/env/**", "/info/**", "/refresh/**", "/stop/**"})
public class ManagementGuard {
    private final Authenticator authenticator;

    public ManagementGuard(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING) // a JWKS lookup may block
    @Nullable
    public MutableHttpResponse<?> requireAdmin(HttpRequest<?> request) {
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return HttpResponse.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        try {
            Principal p = authenticator.authenticate(header.substring(7).trim(), null);
            return p.isGlobalAdmin() ? null : HttpResponse.status(HttpStatus.FORBIDDEN);
        } catch (AuthException e) {
            return HttpResponse.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
    }
}
