package io.cowrite.auth.micronaut;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code cowrite.auth.*}: the same on every service of a deployment. Documented in docs/security.md.
 *
 * @param mode          {@code open} (anyone with a link edits; the admin token opens the admin APIs) or
 *                      {@code jwt} (tokens signed by the host application)
 * @param adminToken    the open mode's admin token (default: generated once, kept in PostgreSQL, and printed
 *                      once by history-service)
 * @param jwtHmacSecret HS256 secret shared with the host (at least 32 bytes)
 * @param jwtPublicKey  RS256 public key in PEM (instead of the secret)
 * @param jwtJwksUrl    JWKS URL of the host's keys (instead of the secret)
 * @param jwtIssuer     required {@code iss}, if set
 * @param jwtAudience   required {@code aud}, if set
 * @param jwtClockSkew  tolerance on {@code exp}/{@code nbf}
 */
@ConfigurationProperties("cowrite.auth")
public record AuthConfig(
        @Bindable(defaultValue = "open") String mode,
        @Bindable(defaultValue = "") String adminToken,
        @Bindable(defaultValue = "") String jwtHmacSecret,
        @Bindable(defaultValue = "") String jwtPublicKey,
        @Bindable(defaultValue = "") String jwtJwksUrl,
        @Bindable(defaultValue = "") String jwtIssuer,
        @Bindable(defaultValue = "") String jwtAudience,
        @Bindable(defaultValue = "30s") Duration jwtClockSkew) {

    public boolean isJwt() {
        return "jwt".equals(mode);
    }

    public AuthConfig {
        if (!"open".equals(mode) && !"jwt".equals(mode)) {
            throw new IllegalArgumentException("cowrite.auth.mode must be open or jwt, not " + mode);
        }
    }
}
