package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.cowrite.auth.Grant;
import io.cowrite.auth.Permission;
import io.cowrite.auth.TokenIssuer;
import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Who gets in, on every entry point, in both auth modes, against a live single-process server: the
 * WebSocket (hello, join, op, cursor, leave, resume) and the HTTP endpoints (the management endpoints,
 * health, the web app). Each refusal has its defined close code, error code or HTTP status.
 */
class AuthIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static int get(TestServer server, String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server.getPort() + path))
                .timeout(Duration.ofSeconds(10));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String body(TestServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server.getPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static TextOp insert(String s) {
        try {
            return TextOp.of(new Component.Insert(s));
        } catch (io.cowrite.core.ot.OtException e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OpenMode {
        private static final String ADMIN = "open-admin-" + System.nanoTime();
        private TestDatabase db;
        private TestServer server;

        @BeforeAll
        void start() throws Exception {
            db = TestDatabase.create();
            server = TestServer.start(db, "local", Map.of("cowrite.auth.admin-token", ADMIN));
        }

        @AfterAll
        void stop() throws Exception {
            server.close();
            db.close();
        }

        @Test
        void anyoneWithTheLinkEditsUnderTheNameTheyChose() throws Exception {
            try (TestClient ann = new TestClient(server.ws(), "Ann").connect();
                 TestClient ben = new TestClient(server.ws(), "Ben").connect()) {
                DocumentClient a = ann.join("open-doc");
                ben.join("open-doc");
                a.edit(insert("hello"));
                Awaits.until(a::isSynchronized, Duration.ofSeconds(10), "Ann's edit acked");
                assertFalse(a.isReadOnly());
                assertEquals(Set.of("Ann", "Ben"), Set.copyOf(ben.awaitPeople("open-doc", 2).stream().map(x -> x.name()).toList()));
            }
            assertEquals(200, get(server, "/d/open-doc", null), "the web app needs no token in the open mode");
            for (String page : List.of("/", "/d/open-doc")) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server.getPort() + page))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals("frame-ancestors 'self'", r.headers().firstValue("Content-Security-Policy").orElse(null),
                        page + ": no other site may frame the editor unless configured");
            }
        }

        @Test
        void anUnknownTokenIsRefusedNotIgnored() throws Exception {
            try (TestClient c = new TestClient(server.ws(), "guess").withToken("not-the-admin-token")) {
                assertEquals(CloseCode.UNAUTHORIZED.code(), c.connectRefused());
            }
        }

        @Test
        void theManagementEndpointsNeedTheAdminToken() throws Exception {
            for (String path : List.of("/prometheus", "/metrics", "/loggers", "/beans", "/env", "/routes")) {
                assertEquals(401, get(server, path, null), path + " without a token");
                assertEquals(401, get(server, path, "wrong"), path + " with a wrong token");
            }
            assertEquals(200, get(server, "/prometheus", ADMIN));
            assertEquals(200, get(server, "/metrics", ADMIN));
            assertEquals(200, get(server, "/health", null), "health stays public");
            String health = body(server, "/health");
            assertFalse(health.contains("details"), "health shows no details: " + health);
        }

        @Test
        void httpErrorsAreShortAndBodiesAreCapped() throws Exception {
            URI base = URI.create("http://127.0.0.1:" + server.server.getPort());
            List<HttpRequest> hostile = List.of(
                    HttpRequest.newBuilder(base.resolve("/no/such/path")).build(),
                    HttpRequest.newBuilder(base.resolve("/d/x")).POST(HttpRequest.BodyPublishers.ofString("{\"a\":")).build(),
                    HttpRequest.newBuilder(base.resolve("/d/x")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024])).build(),
                    HttpRequest.newBuilder(base.resolve("/prometheus")).header("Authorization", "Bearer " + "x".repeat(10_000)).build(),
                    HttpRequest.newBuilder(base.resolve("/ws")).build()); // a plain GET, no upgrade
            for (HttpRequest r : hostile) {
                HttpResponse<String> res = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
                assertTrue(res.statusCode() >= 400 && res.statusCode() < 500, r.uri() + " " + r.method() + ": " + res.statusCode());
                assertFalse(res.body().contains("Exception") || res.body().contains("\tat ") || res.body().contains("io.cowrite"),
                        r.uri() + " leaks internals: " + res.body());
            }
        }

        @Test
        void theAdminTokenAlsoOpensTheWebSocket() throws Exception {
            try (TestClient admin = new TestClient(server.ws(), "Admin").withToken(ADMIN).connect()) {
                DocumentClient d = admin.join("open-admin-doc");
                d.edit(insert("x"));
                Awaits.until(d::isSynchronized, Duration.ofSeconds(10), "admin's edit acked");
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class JwtMode {
        private static final String SECRET = "a-test-secret-of-at-least-32-bytes-" + System.nanoTime();
        private final TokenIssuer issuer = TokenIssuer.hmac(SECRET, null);
        private TestDatabase db;
        private TestServer server;

        @BeforeAll
        void start() throws Exception {
            db = TestDatabase.create();
            Map<String, Object> props = new HashMap<>();
            props.put("cowrite.auth.mode", "jwt");
            props.put("cowrite.auth.jwt-hmac-secret", SECRET);
            props.put("cowrite.editor.max-connections-per-user", 3);
            props.put("cowrite.auth.jwt-clock-skew", "1s"); // sessions end at exp plus the skew
            server = TestServer.start(db, "local", props);
        }

        @AfterAll
        void stop() throws Exception {
            server.close();
            db.close();
        }

        private String token(String user, String name, Duration ttl, Grant... grants) {
            return issuer.issue(user, name, ttl, List.of(grants));
        }

        private String writer(String user, String pattern) {
            return token(user, "User " + user, Duration.ofMinutes(5), new Grant(pattern, Set.of(Permission.WRITE)));
        }

        @Test
        void aWriterEditsUnderTheTokensNameAndAReaderOnlyReads() throws Exception {
            String reader = token("bob", "Bob Reader", Duration.ofMinutes(5), new Grant("team-*", Set.of(Permission.READ)));
            try (TestClient alice = new TestClient(server.ws(), "I am not Alice").withToken(writer("alice", "team-*")).connect();
                 TestClient bob = new TestClient(server.ws(), "bob").withToken(reader).connect()) {
                DocumentClient a = alice.join("team-notes");
                DocumentClient b = bob.join("team-notes");
                assertFalse(a.isReadOnly());
                assertTrue(b.isReadOnly(), "the reader's snapshot says readOnly");
                a.edit(insert("from alice"));
                Awaits.until(a::isSynchronized, Duration.ofSeconds(10), "alice's edit acked");
                Awaits.until(() -> b.text().equals("from alice"), Duration.ofSeconds(10), "bob sees alice's edit live");
                assertThrows(IllegalStateException.class, () -> b.edit(insert("x")), "the Java client refuses a reader's edit");

                // A reader's op, sent anyway, is refused with forbidden and changes nothing.
                bob.connection.send(new ClientMessage.Op(DocId.of("team-notes"), b.version(), bob.clientId, 1, insert("bob was here")));
                assertEquals(ErrorCode.FORBIDDEN, bob.awaitError(ErrorCode.FORBIDDEN).code());
                assertEquals(Set.of("User alice", "Bob Reader"), Set.copyOf(alice.awaitPeople("team-notes", 2).stream().map(x -> x.name()).toList()),
                        "names come from the tokens, not from the clients");
                assertEquals("from alice", StoredDocument.read(db, "team-notes").text());
                alice.assertHealthy();
            }
        }

        @Test
        void aDocumentOutsideTheGrantsIsForbidden() throws Exception {
            try (TestClient c = new TestClient(server.ws(), "carol").withToken(writer("carol", "team-*")).connect()) {
                c.connection.send(new ClientMessage.Join(DocId.of("payroll"), null));
                assertEquals(ErrorCode.FORBIDDEN, c.awaitError(ErrorCode.FORBIDDEN).code());
                // not joined, so an op, a cursor or a leave there is refused as not joined: nothing leaks
                c.connection.send(new ClientMessage.Op(DocId.of("payroll"), 0, c.clientId, 1, insert("x")));
                assertEquals(ErrorCode.NOT_JOINED, c.awaitError(ErrorCode.NOT_JOINED).code());
                c.connection.send(new ClientMessage.Leave(DocId.of("payroll")));
                assertEquals(ErrorCode.NOT_JOINED, c.awaitError(ErrorCode.NOT_JOINED).code());
                c.connection.send(new ClientMessage.Cursor(DocId.of("payroll"), 0, 0, 0));
                assertEquals(ErrorCode.NOT_JOINED, c.awaitError(ErrorCode.NOT_JOINED).code());
                c.connection.send(new ClientMessage.Join(DocId.of("payroll"), 0L)); // a resume is a join too
                assertEquals(ErrorCode.FORBIDDEN, c.awaitError(ErrorCode.FORBIDDEN).code());
                assertEquals(0, StoredDocument.read(db, "payroll").version(), "nothing was stored in payroll");
            }
        }

        @Test
        void missingExpiredForgedAndUnsignedTokensCloseTheConnection() throws Exception {
            String expired = token("dave", "Dave", Duration.ofSeconds(-120), new Grant("*", Set.of(Permission.WRITE)));
            String wrongKey = TokenIssuer.hmac("another-secret-that-is-also-32-bytes-long", null)
                    .issue("dave", "Dave", Duration.ofMinutes(5), List.of(Grant.everything()));
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("dave").claim("name", "Dave")
                    .claim("grants", List.of(Map.of("doc", "*", "perms", List.of("admin"))))
                    .expirationTime(new Date(System.currentTimeMillis() + 300_000)).build();
            String unsigned = new PlainJWT(claims).serialize(); // alg: none
            String[] parts = writer("dave", "team-*").split("\\.");
            SignedJWT elevated = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            elevated.sign(new MACSigner(("x".repeat(64)).getBytes()));
            String tampered = parts[0] + "." + elevated.serialize().split("\\.")[1] + "." + parts[2]; // claims swapped, old signature
            for (String t : new String[] {null, expired, wrongKey, unsigned, tampered, "garbage", ""}) {
                try (TestClient c = new TestClient(server.ws(), "dave").withToken(t)) {
                    assertEquals(CloseCode.UNAUTHORIZED.code(), c.connectRefused(), "token " + t);
                }
            }
        }

        @Test
        void aTokenThatExpiresMidSessionEndsTheSession() throws Exception {
            String shortLived = token("erin", "Erin", Duration.ofSeconds(3), new Grant("*", Set.of(Permission.WRITE)));
            try (TestClient c = new TestClient(server.ws(), "erin").withToken(shortLived).connect()) {
                DocumentClient d = c.join("expiring");
                d.edit(insert("before expiry"));
                Awaits.until(d::isSynchronized, Duration.ofSeconds(10), "acked while the token is valid");
                assertEquals(CloseCode.UNAUTHORIZED.code(), (int) c.connection.closed().get(30, java.util.concurrent.TimeUnit.SECONDS));
                // resuming with the expired token is refused; with a fresh one it resumes the same identity
                assertEquals(CloseCode.UNAUTHORIZED.code(), c.connectRefused());
                String id = c.clientId;
                c.withToken(writer("erin", "*")).reconnect(); // asserts the welcome resumed the identity
                assertEquals(id, c.clientId);
                assertEquals("before expiry", StoredDocument.read(db, "expiring").text());
            }
        }

        @Test
        void anIdentityIsResumedOnlyByTheSameUser() throws Exception {
            try (TestClient frank = new TestClient(server.ws(), "frank").withToken(writer("frank", "*")).connect();
                 TestClient grace = new TestClient(server.ws(), "grace").connectRaw()) {
                // grace holds frank's id and resume secret (say, a shared browser profile) but her own token
                grace.connection.send(new ClientMessage.Hello(io.cowrite.core.protocol.Protocol.VERSION, frank.clientId,
                        frank.resume(), writer("grace", "*"), "grace"));
                var w = (ServerMessage.Welcome) grace.await(m -> m instanceof ServerMessage.Welcome, Duration.ofSeconds(10));
                assertNotEquals(frank.clientId, w.clientId(), "grace is not frank: she gets an identity of her own");
            }
        }

        @Test
        void connectionsPerUserAreLimited() throws Exception {
            String t = writer("henry", "*");
            List<TestClient> open = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) open.add(new TestClient(server.ws(), "henry-" + i).withToken(t).connect());
                try (TestClient fourth = new TestClient(server.ws(), "henry-4").withToken(t)) {
                    assertEquals(CloseCode.TOO_MANY_CONNECTIONS.code(), fourth.connectRefused());
                }
                open.remove(0).close();
                Awaits.until(() -> {
                    try (TestClient again = new TestClient(server.ws(), "henry-again").withToken(t)) {
                        again.connect();
                        return true;
                    } catch (AssertionError refused) {
                        return false;
                    }
                }, Duration.ofSeconds(10), "a slot to free up after a close");
            } finally {
                open.forEach(TestClient::close);
            }
        }

        @Test
        void managementEndpointsNeedAGlobalAdminGrant() throws Exception {
            String user = writer("ivan", "*");
            String docAdmin = token("judy", "Judy", Duration.ofMinutes(5), new Grant("team-*", Set.of(Permission.ADMIN)));
            String admin = token("root", "Root", Duration.ofMinutes(5), Grant.everything());
            String expiredAdmin = token("root", "Root", Duration.ofSeconds(-120), Grant.everything());
            for (String path : List.of("/prometheus", "/metrics")) {
                assertEquals(401, get(server, path, null), path);
                assertEquals(401, get(server, path, expiredAdmin), path);
                assertEquals(403, get(server, path, user), path + " for a writer");
                assertEquals(403, get(server, path, docAdmin), path + " for an admin of some documents only");
                assertEquals(200, get(server, path, admin), path + " for an admin of every document");
            }
            assertEquals(200, get(server, "/health", null));
            assertEquals(200, get(server, "/d/team-notes", null), "the page itself is public; the token opens the session");
        }
    }
}
