package io.cowrite.history.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cowrite.auth.Grant;
import io.cowrite.auth.Permission;
import io.cowrite.auth.TokenIssuer;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.cowrite.history.AdminApiDatabase;
import io.cowrite.history.api.Submit;
import io.cowrite.history.api.SubmitResult;
import io.cowrite.history.owner.OwnerNode;
import io.cowrite.history.owner.Sequencers;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The write side of the admin API over HTTP, on two history-service replicas in this JVM sharing the real
 * PostgreSQL and NATS (a random subject prefix): authentication and refusals as the contract says, and a
 * restore or undo asked of the replica that does NOT own the document, so its op reaches the owner as a
 * {@code Submit} on the shard's subject, like an editor's.
 */
class AdminApiIT {
    private static final String SECRET = "admin-api-test-secret-of-at-least-32-bytes";
    private static final TokenIssuer ISSUER = TokenIssuer.hmac(SECRET, null);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int SHARDS = 4;

    private static AdminApiDatabase db;
    private static EmbeddedServer a;
    private static EmbeddedServer b;

    @BeforeAll
    static void start() throws Exception {
        db = AdminApiDatabase.create();
        String prefix = "adm" + UUID.randomUUID().toString().substring(0, 8);
        a = replica("a", prefix);
        b = replica("b", prefix);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sequencers(a).shards().isEmpty() || sequencers(b).shards().isEmpty()) {
            if (System.nanoTime() > deadline) throw new AssertionError("the replicas did not share the shards");
            Thread.sleep(50); // polling the lease balance of two live replicas; no event to wait on
        }
    }

    private static EmbeddedServer replica(String name, String prefix) {
        Map<String, Object> props = Map.of("micronaut.server.port", -1, "datasources.default.url", db.url(),
                "cowrite.bus.type", "nats", "cowrite.bus.nats-url", System.getProperty("cowrite.nats.url", "nats://127.0.0.1:4222"),
                "cowrite.bus.prefix", prefix, "cowrite.shards", SHARDS, "cowrite.history.replica-id", "replica-" + name,
                "cowrite.auth.mode", "jwt", "cowrite.auth.jwt-hmac-secret", SECRET);
        return ApplicationContext.run(EmbeddedServer.class, props, "history");
    }

    private static Sequencers sequencers(EmbeddedServer s) {
        return s.getApplicationContext().getBean(OwnerNode.class).sequencers();
    }

    @AfterAll
    static void stop() throws Exception {
        if (b != null) b.getApplicationContext().close();
        if (a != null) a.getApplicationContext().close();
        if (db != null) db.close();
    }

    private static String token(String user, Grant... grants) {
        return ISSUER.issue(user, user, Duration.ofMinutes(10), List.of(grants));
    }

    private static final String ROOT = token("root", Grant.everything());

    private record Answer(int status, JsonNode body) {
    }

    private static Answer call(EmbeddedServer at, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) req.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    /** Commits {@code texts} as inserts at the start, one op each, by {@code author}, through the owner. */
    private static void write(String doc, String author, String... texts) throws Exception {
        EmbeddedServer owner = sequencers(a).shards().contains(sequencers(a).shardOf(doc)) ? a : b;
        Sequencers s = sequencers(owner);
        for (int i = 0; i < texts.length; i++) {
            long head = s.epochs().isEmpty() ? 0 : head(doc);
            SubmitResult r = s.submit(new Submit(doc, head, author + "-c", i + 1, author, TextOp.of(new Component.Insert(texts[i]))))
                    .get(10, TimeUnit.SECONDS);
            assertTrue(r instanceof SubmitResult.Committed, r.toString());
        }
    }

    private static long head(String doc) throws Exception {
        return a.getApplicationContext().getBean(io.cowrite.history.store.HistoryStore.class).heads(List.of(doc)).getOrDefault(doc, 0L);
    }

    /** The replica that does not own {@code doc}'s shard. */
    private static EmbeddedServer notOwner(String doc) {
        return sequencers(a).shards().contains(sequencers(a).shardOf(doc)) ? b : a;
    }

    private static void assertError(Answer answer, int status, String code) {
        assertEquals(status, answer.status(), String.valueOf(answer.body()));
        assertEquals(code, answer.body().path("error").asText(), String.valueOf(answer.body()));
    }

    @Test
    void refusalsAreTheContractsCodes() throws Exception {
        String doc = "adm-" + UUID.randomUUID();
        write(doc, "ann", "a", "b");
        String restore = "/api/history/documents/" + doc + "/restore";
        assertError(call(a, "POST", restore, null, "{\"version\":1}"), 401, "unauthorized");
        assertError(call(a, "POST", restore, "not-a-token", "{\"version\":1}"), 401, "unauthorized");
        assertError(call(a, "POST", restore, token("w", new Grant("*", Set.of(Permission.WRITE))), "{\"version\":1}"), 403, "forbidden");
        assertError(call(a, "POST", restore, token("other", new Grant("other-*", Set.of(Permission.ADMIN))), "{\"version\":1}"),
                403, "forbidden");
        assertError(call(a, "POST", "/api/history/documents/bad.id/restore", ROOT, "{\"version\":1}"), 400, "invalid_doc");
        assertError(call(a, "POST", "/api/history/documents/nothing-" + UUID.randomUUID() + "/restore", ROOT, "{\"version\":0}"),
                404, "not_found");
        for (String bad : List.of("", "not json", "[]", "{}", "{\"version\":-1}", "{\"version\":3}", "{\"version\":1.5}",
                "{\"version\":\"1\"}", "{\"version\":1,\"preview\":\"yes\"}")) {
            assertError(call(a, "POST", restore, ROOT, bad), 400, "invalid_request");
        }
        String undo = "/api/history/documents/" + doc + "/undo";
        for (String bad : List.of("{\"from\":0,\"to\":1}", "{\"author\":\"\",\"from\":0,\"to\":1}", "{\"author\":\"ann\",\"from\":1,\"to\":1}",
                "{\"author\":\"ann\",\"from\":0,\"to\":3}")) {
            assertError(call(a, "POST", undo, ROOT, bad), 400, "invalid_request");
        }
        assertError(call(a, "GET", "/api/history/retention", null, null), 401, "unauthorized");
        assertError(call(a, "GET", "/api/history/retention", token("docadmin", new Grant("adm-*", Set.of(Permission.ADMIN))), null),
                403, "forbidden");
        Answer retention = call(a, "GET", "/api/history/retention", ROOT, null);
        assertEquals(200, retention.status());
        assertTrue(retention.body().get("horizon").isNull(), "no horizon configured: " + retention.body());
        assertEquals(0, retention.body().get("compactedDocuments").asLong());
        assertEquals(2, head(doc), "no refusal committed anything");
    }

    @Test
    void aRestoreAskedOfAnotherReplicaIsCommittedByTheOwner() throws Exception {
        String doc = "adm-" + UUID.randomUUID();
        write(doc, "ann", "one ", "two ", "three ");
        String path = "/api/history/documents/" + doc + "/restore";
        String docAdmin = token("dora", new Grant("adm-*", Set.of(Permission.ADMIN)));
        Answer preview = call(notOwner(doc), "POST", path, docAdmin, "{\"version\":1,\"preview\":true}");
        assertEquals(200, preview.status(), String.valueOf(preview.body()));
        assertEquals(3, preview.body().get("base").asLong());
        assertFalse(preview.body().has("version"));
        assertEquals(3, head(doc));
        Answer done = call(notOwner(doc), "POST", path, docAdmin, "{\"version\":1}");
        assertEquals(200, done.status(), String.valueOf(done.body()));
        assertEquals(3, done.body().get("version").asLong());
        assertEquals(preview.body().get("spans").size(), done.body().get("spans").size());
        JsonNode deleted = done.body().get("spans").get(0);
        assertEquals("delete", deleted.get("kind").asText());
        assertEquals("three two ", deleted.get("text").asText());
        assertEquals("dora", deleted.get("author").asText());
        assertEquals(3, deleted.get("version").asLong());
        assertEquals(4, head(doc));
        Answer undo = call(notOwner(doc), "POST", "/api/history/documents/" + doc + "/undo", ROOT,
                "{\"author\":\"dora\",\"from\":3,\"to\":4}");
        assertEquals(200, undo.status(), String.valueOf(undo.body()));
        assertEquals(4, undo.body().get("version").asLong());
        assertEquals("insert", undo.body().get("spans").get(0).get("kind").asText());
        assertEquals("three two ", undo.body().get("spans").get(0).get("text").asText());
    }
}
