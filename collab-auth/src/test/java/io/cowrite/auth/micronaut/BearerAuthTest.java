package io.cowrite.auth.micronaut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.cowrite.auth.AuthException;
import io.cowrite.auth.Grant;
import io.cowrite.auth.Permission;
import io.cowrite.auth.Principal;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The admin APIs' access checks: who is let in, and the answer (status, error code) everyone else gets. */
class BearerAuthTest {
    private static final Map<String, Principal> TOKENS = Map.of(
            "root", new Principal("root", "Root", List.of(Grant.everything()), null),
            "team-admin", new Principal("ta", "Team admin", List.of(new Grant("team-*", Set.of(Permission.ADMIN))), null),
            "writer", new Principal("w", "Writer", List.of(new Grant("*", Set.of(Permission.WRITE))), null));

    private final BearerAuth auth = new BearerAuth((token, name) -> {
        if (token.equals("key-set-down")) throw new AuthException(AuthException.Reason.UNAVAILABLE, "jwks unreachable");
        Principal p = TOKENS.get(token);
        if (p == null) throw new AuthException(AuthException.Reason.INVALID, "unknown token");
        return p;
    });

    private static void refused(BearerAuth.Access access, int status, String code) {
        MutableHttpResponse<?> r = assertInstanceOf(BearerAuth.Refused.class, access).response();
        assertEquals(status, r.code());
        assertEquals(code, assertInstanceOf(BearerAuth.ApiError.class, r.body()).error());
    }

    @Test
    void aGlobalAdminIsLetInEverywhere() {
        assertEquals("root", assertInstanceOf(BearerAuth.Granted.class, auth.globalAdmin("Bearer root")).principal().userId());
        assertEquals("root", assertInstanceOf(BearerAuth.Granted.class, auth.documentAdmin("bearer root", "any-doc")).principal().userId());
    }

    @Test
    void aDocumentAdminOnlyOnItsDocuments() {
        assertInstanceOf(BearerAuth.Granted.class, auth.documentAdmin("Bearer team-admin", "team-notes"));
        refused(auth.documentAdmin("Bearer team-admin", "other-notes"), 403, "forbidden");
        refused(auth.globalAdmin("Bearer team-admin"), 403, "forbidden");
        refused(auth.documentAdmin("Bearer writer", "team-notes"), 403, "forbidden");
    }

    @Test
    void noOrABadCredentialIs401AndAnUncheckableOne503() {
        for (String header : new String[] {null, "", "Bearer ", "Basic cm9vdA==", "Bearer nobody"}) {
            refused(auth.globalAdmin(header), 401, "unauthorized");
            refused(auth.documentAdmin(header, "team-notes"), 401, "unauthorized");
            assertEquals("Bearer", ((BearerAuth.Refused) auth.globalAdmin(header)).response().getHeaders().get(HttpHeaders.WWW_AUTHENTICATE));
        }
        refused(auth.globalAdmin("Bearer key-set-down"), 503, "auth_unavailable");
    }

    @Test
    void aDocumentIdThatIsNoneIs400ButOnlyForSomeoneAuthenticated() {
        refused(auth.documentAdmin("Bearer root", "not a doc id"), 400, "invalid_doc");
        refused(auth.documentAdmin("Bearer root", "x".repeat(129)), 400, "invalid_doc");
        refused(auth.documentAdmin(null, "not a doc id"), 401, "unauthorized");
    }
}
