package io.cowrite.app;

import io.cowrite.auth.Grant;
import io.cowrite.auth.Permission;
import io.cowrite.auth.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Tokens of the jwt mode (HS256), signed as a host application would sign them, and ones it would never sign. */
final class Tokens {
    static final String SECRET = "hostile-traffic-secret-of-at-least-32-bytes";
    private static final TokenIssuer HOST = TokenIssuer.hmac(SECRET, null);

    private Tokens() {
    }

    /** The editor settings of the jwt mode with {@link #SECRET}. */
    static Map<String, Object> jwtMode() {
        return Map.of("cowrite.auth.mode", "jwt", "cowrite.auth.jwt-hmac-secret", SECRET);
    }

    /** {@code user} may write documents matching {@code write} and read those matching {@code read} (null: none). */
    static String grant(String user, String write, String read) {
        List<Grant> grants = new java.util.ArrayList<>();
        if (write != null) grants.add(new Grant(write, Set.of(Permission.WRITE)));
        if (read != null) grants.add(new Grant(read, Set.of(Permission.READ)));
        return HOST.issue(user, user, Duration.ofMinutes(30), grants);
    }

    /** An attacker's token: writes {@code atk-*}, reads {@code ro-*}, nothing else. */
    static String attacker(String user) {
        return grant(user, "atk-*", "ro-*");
    }

    /** Tokens the server must refuse with 4501 (§4: missing, invalid or expired). */
    static List<String> refused() {
        String valid = attacker("mallory");
        String[] parts = valid.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("mallory", "admin");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        return List.of("", "not-a-jwt", "a.b.c", tampered, none, parts[0] + "." + parts[1],
                TokenIssuer.hmac("another-secret-of-at-least-32-bytes!!", null).issue("mallory", "M", Duration.ofMinutes(5),
                        List.of(Grant.everything())),
                HOST.issue("mallory", "M", Duration.ofMinutes(-5), List.of(Grant.everything())), // expired (beyond the skew)
                "x".repeat(4096)); // the longest token a hello may carry (§5), and not a JWT
    }
}
