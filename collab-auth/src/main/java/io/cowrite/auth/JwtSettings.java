package io.cowrite.auth;

import java.time.Duration;

/**
 * How tokens of the {@code jwt} mode are verified: exactly one key source among an HMAC secret
 * (HS256), an RSA public key in PEM (RS256) and a JWKS URL (RS256 or ES256, keys fetched and cached);
 * optionally the issuer and audience the tokens must carry; the clock skew tolerated on expiry.
 */
public record JwtSettings(String hmacSecret, String publicKeyPem, String jwksUrl, String issuer, String audience,
                          Duration clockSkew) {

    public JwtSettings {
        int sources = (blank(hmacSecret) ? 0 : 1) + (blank(publicKeyPem) ? 0 : 1) + (blank(jwksUrl) ? 0 : 1);
        if (sources != 1) {
            throw new IllegalArgumentException("jwt mode needs exactly one of hmac-secret, public-key-pem, jwks-url");
        }
        if (!blank(hmacSecret) && hmacSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("the HS256 secret must have at least 32 bytes");
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
