package io.cowrite.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Both modes, and JWT verification with every key source against real signed tokens. */
class AuthenticatorTest {
    private static final String SECRET = "a-test-secret-of-at-least-32-bytes!";
    private static final List<Grant> WRITE_TEAM = List.of(new Grant("team-*", Set.of(Permission.WRITE)));

    private static JwtSettings hmac() {
        return new JwtSettings(SECRET, null, null, null, null, Duration.ZERO);
    }

    private static AuthException.Reason refusal(Authenticator a, String token) {
        return assertThrows(AuthException.class, () -> a.authenticate(token, "x")).reason();
    }

    @Test
    void theOpenModeLetsAnyoneWriteAndTheAdminTokenAdminister() throws Exception {
        OpenAuthenticator open = new OpenAuthenticator(() -> "the-admin-token");
        Principal anon = open.authenticate(null, "Ada");
        assertNull(anon.userId());
        assertEquals("Ada", anon.name());
        assertTrue(anon.can(Permission.WRITE, "any-doc"));
        assertFalse(anon.isAdmin());
        assertTrue(open.authenticate("the-admin-token", null).isAdmin());
        assertEquals(AuthException.Reason.INVALID, refusal(open, "guessed"));
    }

    @Test
    void aSignedTokenCarriesTheUserTheNameAndTheGrants() throws Exception {
        String token = TokenIssuer.hmac(SECRET, null).issue("u-42", "Ada Lovelace", Duration.ofMinutes(5), WRITE_TEAM);
        Principal p = new JwtAuthenticator(hmac()).authenticate(token, "Mallory");
        assertEquals("u-42", p.userId());
        assertEquals("Ada Lovelace", p.name(), "the name comes from the token, not the client");
        assertTrue(p.can(Permission.WRITE, "team-notes"));
        assertFalse(p.can(Permission.READ, "other"));
        assertTrue(p.expiresAt().isAfter(java.time.Instant.now()));
    }

    @Test
    void aSessionEndsWhenTheTokenStopsBeingAcceptedNotBefore() throws Exception {
        String token = TokenIssuer.hmac(SECRET, null).issue("u-42", "Ada", Duration.ofSeconds(-10), WRITE_TEAM);
        JwtSettings skewed = new JwtSettings(SECRET, null, null, null, null, Duration.ofSeconds(30));
        Principal p = new JwtAuthenticator(skewed).authenticate(token, null); // expired 10 s ago, within the skew
        java.time.Instant exp = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
        assertEquals(exp.plusSeconds(30), p.expiresAt(), "the session timer uses the same deadline as the check");
    }

    @Test
    void missingExpiredForgedAndUnsignedTokensAreRefused() throws Exception {
        JwtAuthenticator jwt = new JwtAuthenticator(hmac());
        assertEquals(AuthException.Reason.MISSING, refusal(jwt, null));
        assertEquals(AuthException.Reason.INVALID, refusal(jwt, "not.a.jwt"));
        String expired = TokenIssuer.hmac(SECRET, null).issue("u", "U", Duration.ofSeconds(-30), WRITE_TEAM);
        assertEquals(AuthException.Reason.EXPIRED, refusal(jwt, expired));
        String wrongKey = TokenIssuer.hmac("another-secret-of-at-least-32-bytes", null).issue("u", "U", Duration.ofMinutes(5), WRITE_TEAM);
        assertEquals(AuthException.Reason.INVALID, refusal(jwt, wrongKey));
        String valid = TokenIssuer.hmac(SECRET, null).issue("u", "U", Duration.ofMinutes(5), WRITE_TEAM);
        String unsigned = b64("{\"alg\":\"none\"}") + "." + valid.split("\\.")[1] + ".";
        assertEquals(AuthException.Reason.INVALID, refusal(jwt, unsigned), "alg: none");
        String[] parts = valid.split("\\.");
        String tampered = parts[0] + "." + b64("{\"sub\":\"admin\",\"exp\":9999999999,\"grants\":[{\"doc\":\"*\",\"perms\":[\"admin\"]}]}") + "." + parts[2];
        assertEquals(AuthException.Reason.INVALID, refusal(jwt, tampered));
    }

    @Test
    void issuerAndAudienceAreCheckedWhenConfigured() throws Exception {
        JwtAuthenticator strict = new JwtAuthenticator(new JwtSettings(SECRET, null, null, "https://host.example", null, Duration.ZERO));
        assertEquals(AuthException.Reason.INVALID, refusal(strict,
                TokenIssuer.hmac(SECRET, "https://evil.example").issue("u", "U", Duration.ofMinutes(5), WRITE_TEAM)));
        strict.authenticate(TokenIssuer.hmac(SECRET, "https://host.example").issue("u", "U", Duration.ofMinutes(5), WRITE_TEAM), null);
    }

    @Test
    void rs256WithAPublicKeyAndWithJwks() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        String token = TokenIssuer.rsa(key, null).issue("u", "U", Duration.ofMinutes(5), WRITE_TEAM);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.toRSAPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        assertEquals("u", new JwtAuthenticator(new JwtSettings(null, pem, null, null, null, Duration.ZERO)).authenticate(token, null).userId());

        HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks.json", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        jwks.start();
        try {
            String url = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json";
            JwtAuthenticator viaJwks = new JwtAuthenticator(new JwtSettings(null, null, url, null, null, Duration.ZERO));
            assertEquals("u", viaJwks.authenticate(token, null).userId());
            RSAKey other = new RSAKeyGenerator(2048).keyID("k2").generate();
            assertEquals(AuthException.Reason.INVALID, refusal(viaJwks, TokenIssuer.rsa(other, null).issue("u", "U", Duration.ofMinutes(5), WRITE_TEAM)));
            String hs = TokenIssuer.hmac(SECRET, null).issue("u", "U", Duration.ofMinutes(5), WRITE_TEAM);
            assertEquals(AuthException.Reason.INVALID, refusal(viaJwks, hs), "an HS256 token against RSA keys");
        } finally {
            jwks.stop(0);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
