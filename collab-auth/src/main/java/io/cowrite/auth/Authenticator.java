package io.cowrite.auth;

/**
 * Turns a credential into a {@link Principal}. Implementations: {@link OpenAuthenticator} (anyone with a
 * link may edit; the admin token opens the admin APIs) and {@link JwtAuthenticator} (tokens signed by the
 * host application). Thread-safe; may block (a JWKS fetch): call it off event loops.
 */
public interface Authenticator {

    /**
     * @param token         the credential ({@code hello.token}, or an HTTP {@code Authorization: Bearer}), or null
     * @param requestedName the display name the client asked for (used by the open mode only), or null
     * @throws AuthException when the credential is missing, invalid or expired
     */
    Principal authenticate(String token, String requestedName) throws AuthException;
}
