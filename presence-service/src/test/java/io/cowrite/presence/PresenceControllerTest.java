package io.cowrite.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cowrite.auth.Grant;
import io.cowrite.auth.JwtAuthenticator;
import io.cowrite.auth.JwtSettings;
import io.cowrite.auth.OpenAuthenticator;
import io.cowrite.auth.Permission;
import io.cowrite.auth.TokenIssuer;
import io.cowrite.presence.api.PresenceEvent;
import io.cowrite.presence.api.PresenceSession;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The presence API's rules and bodies, calling the controller as Micronaut would (the jar's HTTP is PresenceServiceIT's). */
class PresenceControllerTest {
    private static final String SECRET = "a-test-secret-of-at-least-32-bytes-long";
    private static final Duration TTL = Duration.ofSeconds(10);
    private final MutableClock clock = new MutableClock();
    private final PresenceRegistry registry = new PresenceRegistry(clock, TTL, new PresenceStats());
    private final PresenceConfig config = new PresenceConfig("", TTL, Duration.ofSeconds(1), Duration.ofSeconds(3), 2);
    private final PresenceController open = new PresenceController(new io.cowrite.auth.micronaut.BearerAuth(new OpenAuthenticator(() -> "the-admin-token")), registry, config);
    private final PresenceController jwt = new PresenceController(
            new io.cowrite.auth.micronaut.BearerAuth(new JwtAuthenticator(new JwtSettings(SECRET, "", "", "", "", Duration.ofSeconds(30)))), registry, config);
    private final TokenIssuer issuer = TokenIssuer.hmac(SECRET, null);

    private String bearer(Grant... grants) {
        return "Bearer " + issuer.issue("someone", "Someone", Duration.ofMinutes(5), List.of(grants));
    }

    private static String json(HttpResponse<?> r) throws Exception {
        return new ObjectMapper().writeValueAsString(r.body());
    }

    @Test
    void withoutACredentialOrWithABadOneTheAnswerIs401() {
        for (String auth : new String[] {null, "", "Bearer ", "Basic abc", "Bearer wrong-token"}) {
            HttpResponse<?> r = open.counts(auth);
            assertEquals(401, r.code(), String.valueOf(auth));
            assertEquals("Bearer", r.getHeaders().get(HttpHeaders.WWW_AUTHENTICATE));
            assertEquals(401, open.document(auth, "notes").code());
            assertEquals(401, open.user(auth, "ada").code());
        }
    }

    @Test
    void theOpenModesAdminTokenOpensEverything() {
        assertEquals(200, open.counts("Bearer the-admin-token").code());
        assertEquals(200, open.document("bearer the-admin-token", "notes").code());
        assertEquals(200, open.user("Bearer the-admin-token", "ada").code());
    }

    @Test
    void aDocumentNeedsAdminOnItAndTheRestTheGlobalAdmin() {
        String docAdmin = bearer(new Grant("team-*", Set.of(Permission.ADMIN)));
        String writer = bearer(new Grant("*", Set.of(Permission.WRITE)));
        String globalAdmin = bearer(Grant.everything());
        assertEquals(200, jwt.document(docAdmin, "team-notes").code());
        assertEquals(403, jwt.document(docAdmin, "other").code());
        assertEquals(403, jwt.document(writer, "team-notes").code(), "write is not admin");
        assertEquals(403, jwt.counts(docAdmin).code());
        assertEquals(403, jwt.user(docAdmin, "ada").code());
        assertEquals(200, jwt.counts(globalAdmin).code());
        assertEquals(200, jwt.user(globalAdmin, "ada").code());
    }

    @Test
    void invalidPathParametersAre400WithoutInternals() throws Exception {
        HttpResponse<?> r = open.document("Bearer the-admin-token", "no/slashes");
        assertEquals(400, r.code());
        assertEquals("{\"error\":\"invalid_doc\",\"message\":\"a document id is 1-128 characters of [A-Za-z0-9_-]\"}", json(r));
        assertEquals(400, open.document("Bearer the-admin-token", "x".repeat(129)).code());
        assertEquals(400, open.user("Bearer the-admin-token", "line\nbreak").code());
        assertEquals(400, open.user("Bearer the-admin-token", "u".repeat(257)).code());
    }

    @Test
    void theBodies() throws Exception {
        PresenceSession tab1 = new PresenceSession("s1", "notes", "ada", "Ada", "#e6194b", "editor-1", 10);
        PresenceSession tab2 = new PresenceSession("s2", "notes", "ada", "Ada", "#3cb44b", "editor-2", 20);
        PresenceSession anon = new PresenceSession("s3", "notes", null, "Guest", "#4363d8", "editor-1", 30);
        for (PresenceSession s : List.of(tab1, tab2, anon)) registry.apply(new PresenceEvent.Joined(s));
        registry.apply(new PresenceEvent.Moved("notes", "s1", "editor-1", 7, 2, 5));
        String admin = "Bearer the-admin-token";
        assertEquals("{\"doc\":\"notes\",\"warm\":false,\"people\":["
                + "{\"user\":\"ada\",\"name\":\"Ada\",\"sessions\":["
                + "{\"session\":\"s1\",\"node\":\"editor-1\",\"color\":\"#e6194b\",\"since\":10,\"cursor\":{\"version\":7,\"anchor\":2,\"head\":5}},"
                + "{\"session\":\"s2\",\"node\":\"editor-2\",\"color\":\"#3cb44b\",\"since\":20,\"cursor\":null}]},"
                + "{\"user\":null,\"name\":\"Guest\",\"sessions\":["
                + "{\"session\":\"s3\",\"node\":\"editor-1\",\"color\":\"#4363d8\",\"since\":30,\"cursor\":null}]}]}",
                json(open.document(admin, "notes")));
        assertEquals("{\"user\":\"ada\",\"warm\":false,\"documents\":[{\"doc\":\"notes\",\"name\":\"Ada\",\"sessions\":["
                + "{\"session\":\"s1\",\"node\":\"editor-1\",\"color\":\"#e6194b\",\"since\":10,\"cursor\":{\"version\":7,\"anchor\":2,\"head\":5}},"
                + "{\"session\":\"s2\",\"node\":\"editor-2\",\"color\":\"#3cb44b\",\"since\":20,\"cursor\":null}]}],"
                + "\"nodes\":[\"editor-1\",\"editor-2\"]}",
                json(open.user(admin, "ada")));
        clock.advance(TTL);
        assertEquals("{\"warm\":true,\"sessions\":3,\"documents\":1,\"nodes\":["
                + "{\"node\":\"editor-1\",\"alive\":true,\"sessions\":2,\"silentMillis\":10000},"
                + "{\"node\":\"editor-2\",\"alive\":true,\"sessions\":1,\"silentMillis\":10000}],"
                + "\"topDocuments\":[{\"doc\":\"notes\",\"sessions\":3}]}",
                json(open.counts(admin)));
        assertFalse(json(open.user(admin, "nobody")).contains("notes"));
    }
}
