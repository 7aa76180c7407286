package io.cowrite.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code open} mode, for single-process use and demos: without a token, anyone is an anonymous user
 * who may read and write every document under the name they chose; with the admin token, the admin
 * (every permission, the admin APIs). Any other token is refused, so a misconfigured client fails
 * loudly instead of silently acting as anonymous.
 */
public final class OpenAuthenticator implements Authenticator {
    private static final String ANONYMOUS = "Anonymous";
    private final Supplier<String> adminToken;

    /** @param adminToken the admin token (from configuration or the cluster secret); null while unknown */
    public OpenAuthenticator(Supplier<String> adminToken) {
        this.adminToken = adminToken;
    }

    @Override
    public Principal authenticate(String token, String requestedName) throws AuthException {
        String name = requestedName == null || requestedName.isBlank() ? ANONYMOUS : requestedName;
        if (token == null) {
            return new Principal(null, name, List.of(new Grant("*", Set.of(Permission.WRITE))), null);
        }
        String admin = adminToken.get();
        if (admin != null && MessageDigest.isEqual(admin.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return new Principal("admin", requestedName == null || requestedName.isBlank() ? "Admin" : requestedName,
                    List.of(Grant.everything()), null);
        }
        throw new AuthException(AuthException.Reason.INVALID, "unknown token (the open mode knows only the admin token)");
    }
}
