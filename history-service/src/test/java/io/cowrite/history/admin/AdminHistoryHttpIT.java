package io.cowrite.history.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cowrite.auth.Grant;
import io.cowrite.auth.Permission;
import io.cowrite.auth.TokenIssuer;
import io.cowrite.history.Ops;
import io.cowrite.history.TestDatabase;
import io.cowrite.history.api.Submit;
import io.cowrite.history.api.SubmitResult;
import io.cowrite.history.owner.OwnerNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin history API over real HTTP: history-service's beans in an embedded Micronaut server (the
 * {@code history} environment, in-process bus, jwt auth) on a fresh PostgreSQL database. Authorization,
 * parameter refusals, status codes, bodies, the export's headers and the served OpenAPI description.
 */
class AdminHistoryHttpIT {
    private static final String SECRET = "an-admin-http-test-secret-of-32-bytes-or-more";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final TokenIssuer ISSUER = TokenIssuer.hmac(SECRET, null);

    private static TestDatabase db;
    private static ApplicationContext context;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase();
        context = ApplicationContext.builder(Map.of(
                "micronaut.server.port", -1,
                "datasources.default.url", db.url(),
                "cowrite.bus.type", "local",
                "cowrite.auth.mode", "jwt",
                "cowrite.auth.jwt-hmac-secret", SECRET,
                "cowrite.history.replica-id", "admin-http-it",
                "cowrite.history.milestone-interval", 5)).environments("history").start();
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        server.start();
        base = "http://127.0.0.1:" + server.getPort() + "/api/history";
        OwnerNode owner = context.getBean(OwnerNode.class);
        String text = "";
        for (int i = 0; i < 12; i++) {
            String word = i == 3 ? "😀" : "w" + i + " ";
            SubmitResult r = owner.sequencers().submit(new Submit("team-notes", i, "client-ada", i + 1, "ada",
                    Ops.insert(text.codePointCount(0, text.length()), word))).get(30, TimeUnit.SECONDS);
            assertEquals(new SubmitResult.Committed(i), r);
            text += word;
        }
        assertEquals(new SubmitResult.Committed(0), owner.sequencers().submit(new Submit("other", 0, "client-bob", 1, "bob",
                Ops.insert(0, "hi"))).get(30, TimeUnit.SECONDS));
    }

    @AfterAll
    static void stop() throws Exception {
        if (context != null) context.close();
        if (db != null) db.close();
    }

    private static String bearer(Grant... grants) {
        return "Bearer " + ISSUER.issue("someone", "Someone", Duration.ofMinutes(5), List.of(grants));
    }

    private static final String GLOBAL = bearer(Grant.everything());
    private static final String TEAM_ADMIN = bearer(new Grant("team-*", Set.of(Permission.ADMIN)));
    private static final String WRITER = bearer(new Grant("*", Set.of(Permission.WRITE, Permission.READ)));

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (authorization != null) b.header("Authorization", authorization);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(String path, String authorization) throws Exception {
        HttpResponse<String> r = get(path, authorization);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private static void refused(String path, String authorization, int status, String code) throws Exception {
        HttpResponse<String> r = get(path, authorization);
        assertEquals(status, r.statusCode(), path + ": " + r.body());
        assertEquals(code, JSON.readTree(r.body()).get("error").asText(), path);
    }

    @Test
    void everyEndpointNeedsAToken() throws Exception {
        for (String path : List.of("/documents", "/documents/team-notes", "/documents/team-notes/timeline",
                "/documents/team-notes/text?version=1", "/documents/team-notes/diff?from=0&to=1", "/documents/team-notes/export")) {
            refused(path, null, 401, "unauthorized");
            refused(path, "Bearer not-a-token", 401, "unauthorized");
            refused(path, WRITER, 403, "forbidden");
        }
    }

    @Test
    void aDocumentAdminReadsItsDocumentsButNotTheList() throws Exception {
        assertEquals("team-notes", ok("/documents/team-notes", TEAM_ADMIN).get("id").asText());
        ok("/documents/team-notes/timeline", TEAM_ADMIN);
        refused("/documents/other", TEAM_ADMIN, 403, "forbidden");
        refused("/documents", TEAM_ADMIN, 403, "forbidden");
        JsonNode list = ok("/documents", GLOBAL);
        assertEquals(2, list.get("documents").size());
        assertTrue(list.get("next").isNull(), "next is written, as null");
        assertEquals("team-notes", ok("/documents?prefix=team&editor=ada", GLOBAL).get("documents").get(0).get("id").asText());
        assertEquals(0, ok("/documents?editor=bob&prefix=team", GLOBAL).get("documents").size());
    }

    @Test
    void badParametersAre400AndUnknownDocuments404() throws Exception {
        for (String path : List.of("/documents?limit=0", "/documents?limit=x", "/documents?cursor=%25%25", "/documents?activeAfter=monday",
                "/documents?prefix=a.b", "/documents/team-notes/text", "/documents/team-notes/text?version=1&at=2026-01-01T00:00:00Z",
                "/documents/team-notes/text?version=-1", "/documents/team-notes/text?version=13", "/documents/team-notes/text?at=noon",
                "/documents/team-notes/diff?from=3&to=3", "/documents/team-notes/diff?from=1", "/documents/team-notes/timeline?limit=201",
                "/documents/team-notes/timeline?before=99", "/documents/team-notes/export?version=x")) {
            refused(path, GLOBAL, 400, "invalid_request");
        }
        refused("/documents/bad.id", GLOBAL, 400, "invalid_doc");
        refused("/documents/" + "x".repeat(129) + "/timeline", GLOBAL, 400, "invalid_doc");
        for (String path : List.of("/documents/nobody", "/documents/nobody/timeline", "/documents/nobody/text?version=0",
                "/documents/nobody/diff?from=0&to=1", "/documents/nobody/export")) {
            refused(path, GLOBAL, 404, "not_found");
        }
    }

    @Test
    void theBodies() throws Exception {
        JsonNode text = ok("/documents/team-notes/text?version=4", TEAM_ADMIN);
        assertEquals("w0 w1 w2 😀", text.get("text").asText());
        assertEquals(4, text.get("version").asLong());
        assertTrue(text.get("at").asText().endsWith("Z"));
        assertTrue(ok("/documents/team-notes/text?version=0", TEAM_ADMIN).get("at").isNull());
        assertEquals(12, ok("/documents/team-notes/text?at=2999-01-01T00:00:00Z", TEAM_ADMIN).get("version").asLong());
        JsonNode diff = ok("/documents/team-notes/diff?from=3&to=5", TEAM_ADMIN);
        assertEquals("[{\"kind\":\"equal\",\"text\":\"w0 w1 w2 \",\"author\":null,\"version\":null},"
                + "{\"kind\":\"insert\",\"text\":\"😀\",\"author\":\"ada\",\"version\":3},"
                + "{\"kind\":\"insert\",\"text\":\"w4 \",\"author\":\"ada\",\"version\":4}]", diff.get("spans").toString());
        JsonNode timeline = ok("/documents/team-notes/timeline?limit=1", TEAM_ADMIN);
        JsonNode r = timeline.get("revisions").get(0);
        assertEquals(0, r.get("from").asLong(), "one author, in quick succession: one revision");
        assertEquals(12, r.get("to").asLong());
        assertEquals("ada", r.get("author").asText());
        assertEquals(9 * 3 + 1 + 2 * 4, r.get("added").asLong(), "w0 .. w11 with a space each, 😀 for w3");
        assertTrue(timeline.get("next").isNull());
        JsonNode detail = ok("/documents/team-notes", TEAM_ADMIN);
        assertEquals(12, detail.get("headVersion").asLong());
        assertEquals(0, detail.get("horizon").asLong());
        assertEquals(2, detail.get("milestones").asLong());
        assertEquals("[{\"author\":\"ada\",\"ops\":12,\"lastAt\":" + detail.get("editors").get(0).get("lastAt") + "}]",
                detail.get("editors").toString());
    }

    @Test
    void anExportIsATextFileNamedAfterTheVersion() throws Exception {
        HttpResponse<String> r = get("/documents/team-notes/export?version=4", TEAM_ADMIN);
        assertEquals(200, r.statusCode());
        assertEquals("text/plain;charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow().replace(" ", "").toLowerCase());
        assertEquals("attachment; filename=\"team-notes-v4.txt\"", r.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals("w0 w1 w2 😀", r.body());
        HttpResponse<String> head = get("/documents/team-notes/export", TEAM_ADMIN);
        assertEquals("attachment; filename=\"team-notes-v12.txt\"", head.headers().firstValue("Content-Disposition").orElseThrow());
    }

    @Test
    void theOpenApiDescriptionIsServed() throws Exception {
        HttpResponse<String> r = get("/openapi.yml", null);
        assertEquals(200, r.statusCode());
        for (String path : List.of("/api/history/documents:", "/api/history/documents/{doc}:", "/api/history/documents/{doc}/timeline:",
                "/api/history/documents/{doc}/text:", "/api/history/documents/{doc}/diff:", "/api/history/documents/{doc}/export:")) {
            assertTrue(r.body().contains(path), path);
        }
        assertTrue(r.body().contains("scheme: bearer"));
    }
}
