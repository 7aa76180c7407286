package io.cowrite.auth.micronaut;

import io.cowrite.auth.Authenticator;
import io.cowrite.auth.JwtAuthenticator;
import io.cowrite.auth.JwtSettings;
import io.cowrite.auth.OpenAuthenticator;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The {@link Authenticator} of this service, by {@code cowrite.auth.mode}. */
@Factory
public class AuthFactory {

    @Singleton
    Authenticator authenticator(AuthConfig config, AdminTokenSource adminTokens) {
        if (config.isJwt()) {
            return new JwtAuthenticator(new JwtSettings(config.jwtHmacSecret(), config.jwtPublicKey(), config.jwtJwksUrl(),
                    config.jwtIssuer(), config.jwtAudience(), config.jwtClockSkew()));
        }
        String configured = config.adminToken();
        return new OpenAuthenticator(configured.isBlank() ? adminTokens::token : () -> configured);
    }
}
