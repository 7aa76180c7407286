package io.cowrite.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs Cowrite tokens the way a host application does (what {@link JwtAuthenticator} verifies): HS256
 * with a shared secret, or RS256 with a private key whose public half Cowrite knows (PEM or JWKS). For
 * hosts written in Java, for the documentation's worked example, and for tests; the command line
 * prints one token:
 *
 * <pre>java -cp collab-auth.jar:nimbus-jose-jwt.jar io.cowrite.auth.TokenIssuer SECRET USER NAME SECONDS PATTERN=perm,perm ...</pre>
 */
public final class TokenIssuer {
    private final JWSSigner signer;
    private final JWSHeader header;
    private final String issuer;

    private TokenIssuer(JWSSigner signer, JWSHeader header, String issuer) {
        this.signer = signer;
        this.header = header;
        this.issuer = issuer;
    }

    /** HS256 with {@code secret} (at least 32 bytes). */
    public static TokenIssuer hmac(String secret, String issuer) {
        try {
            return new TokenIssuer(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), new JWSHeader(JWSAlgorithm.HS256), issuer);
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** RS256 with {@code key} (its key id goes in the header, for JWKS lookups). */
    public static TokenIssuer rsa(RSAKey key, String issuer) {
        try {
            return new TokenIssuer(new RSASSASigner(key),
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), issuer);
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A token for {@code userId} shown as {@code name}, valid for {@code ttl}, with these grants. */
    public String issue(String userId, String name, Duration ttl, List<Grant> grants) {
        Instant now = Instant.now();
        List<Map<String, Object>> claim = new ArrayList<>();
        for (Grant g : grants) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("doc", g.docPattern());
            m.put("perms", g.permissions().stream().map(Permission::wire).sorted().toList());
            claim.add(m);
        }
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().subject(userId).claim("name", name).claim("grants", claim)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)));
        if (issuer != null) b.issuer(issuer);
        SignedJWT jwt = new SignedJWT(header, b.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return jwt.serialize();
    }

    public static void main(String[] args) {
        if (args.length < 5) {
            System.err.println("usage: TokenIssuer SECRET USER NAME SECONDS PATTERN=perm[,perm] ...");
            System.exit(2);
        }
        List<Grant> grants = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            java.util.Set<Permission> perms = new java.util.HashSet<>();
            for (String p : kv[1].split(",")) perms.add(Permission.fromWire(p).orElseThrow());
            grants.add(new Grant(kv[0], perms));
        }
        System.out.println(hmac(args[0], null).issue(args[1], args[2], Duration.ofSeconds(Long.parseLong(args[3])), grants));
    }
}
