package io.cowrite.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code jwt} mode: the host application signs a token per user; Cowrite verifies it with Nimbus
 * JOSE+JWT. Only the configured algorithms are accepted (an unsigned {@code alg: none} token or one
 * signed with another key or algorithm is refused), {@code exp} and {@code sub} are required, and
 * {@code iss}/{@code aud} are checked when configured.
 *
 * <p>Claims: {@code sub} the user id; {@code name} the display name (shown to others and recorded with
 * every op; the client cannot choose it); {@code grants} a list of {@code {"doc": "<pattern>",
 * "perms": ["read"|"write"|"admin", ...]}}. Thread-safe.
 */
public final class JwtAuthenticator implements Authenticator {
    private static final Set<JWSAlgorithm> PUBLIC_KEY_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final java.time.Duration clockSkew;

    public JwtAuthenticator(JwtSettings settings) {
        this.clockSkew = settings.clockSkew();
        processor.setJWSKeySelector(keySelector(settings));
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (!JwtSettings.blank(settings.issuer())) exact.issuer(settings.issuer());
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                JwtSettings.blank(settings.audience()) ? null : Set.of(settings.audience()),
                exact.build(), Set.of("sub", "exp"), null);
        claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    private static JWSVerificationKeySelector<SecurityContext> keySelector(JwtSettings s) {
        try {
            if (!JwtSettings.blank(s.hmacSecret())) {
                return new JWSVerificationKeySelector<>(JWSAlgorithm.HS256,
                        new ImmutableSecret<>(s.hmacSecret().getBytes(StandardCharsets.UTF_8)));
            }
            JWKSource<SecurityContext> source;
            if (!JwtSettings.blank(s.publicKeyPem())) {
                // One configured key: it verifies every token, whatever key id the header names.
                List<com.nimbusds.jose.jwk.JWK> key = List.of(rsaPublicKey(s.publicKeyPem()));
                source = (selector, context) -> key;
            } else {
                source = JWKSourceBuilder.create(URI.create(s.jwksUrl()).toURL()).build();
            }
            return new JWSVerificationKeySelector<>(PUBLIC_KEY_ALGORITHMS, source);
        } catch (GeneralSecurityException | MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("jwt key source is unusable: " + e.getMessage(), e);
        }
    }

    /** An RSA public key from PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
    private static RSAKey rsaPublicKey(String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        return new RSAKey.Builder(key).build();
    }

    @Override
    public Principal authenticate(String token, String requestedName) throws AuthException {
        if (token == null || token.isBlank()) throw new AuthException(AuthException.Reason.MISSING, "a token is required");
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (BadJOSEException e) {
            if (e instanceof ExpiredJWTException) throw new AuthException(AuthException.Reason.EXPIRED, "the token expired");
            throw new AuthException(AuthException.Reason.INVALID, "the token is not valid: " + e.getMessage());
        } catch (ParseException e) {
            throw new AuthException(AuthException.Reason.INVALID, "the token is not a JWT");
        } catch (JOSEException e) {
            throw new AuthException(AuthException.Reason.UNAVAILABLE, "the signing keys are unavailable: " + e.getMessage());
        }
        return principal(claims);
    }

    /** The principal of verified claims; it expires when the token stops being accepted ({@code exp} plus the skew). */
    private Principal principal(JWTClaimsSet claims) throws AuthException {
        String name;
        try {
            name = claims.getStringClaim("name");
        } catch (ParseException e) {
            throw new AuthException(AuthException.Reason.INVALID, "claim name must be a string");
        }
        if (name == null || name.isBlank()) name = claims.getSubject();
        if (name.length() > 64 || name.indexOf('\u0000') >= 0) {
            throw new AuthException(AuthException.Reason.INVALID, "claim name must be 1-64 characters without U+0000");
        }
        Instant expires = claims.getExpirationTime().toInstant().plus(clockSkew);
        return new Principal(claims.getSubject(), name, grants(claims.getClaim("grants")), expires);
    }

    private static List<Grant> grants(Object claim) throws AuthException {
        if (claim == null) return List.of();
        if (!(claim instanceof List<?> list)) throw new AuthException(AuthException.Reason.INVALID, "claim grants must be a list");
        List<Grant> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m) || !(m.get("doc") instanceof String doc) || !(m.get("perms") instanceof List<?> perms)) {
                throw new AuthException(AuthException.Reason.INVALID, "each grant is {\"doc\": pattern, \"perms\": [...]}");
            }
            Set<Permission> ps = new HashSet<>();
            for (Object p : perms) {
                ps.add(Permission.fromWire(String.valueOf(p)).orElseThrow(() ->
                        new AuthException(AuthException.Reason.INVALID, "unknown permission " + p)));
            }
            try {
                out.add(new Grant(doc, ps));
            } catch (IllegalArgumentException e) {
                throw new AuthException(AuthException.Reason.INVALID, e.getMessage());
            }
        }
        return out;
    }
}
