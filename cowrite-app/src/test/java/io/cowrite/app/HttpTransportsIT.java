package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.core.protocol.Decoded;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.core.protocol.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP transports (docs/protocol.md §13) against the platform on a real PostgreSQL, over real sockets: an
 * SSE follower and a long-polling follower end with the WebSocket editors' text, an SSE stream resumed with
 * {@code Last-Event-ID} misses nothing, POSTed ops are acked and deduplicated, and bad requests are refused.
 */
class HttpTransportsIT {
    static final ProtocolCodec CODEC = new ProtocolCodec();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static TestDatabase db;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        server = TestServer.start(db, "local", Map.of("cowrite.editor.sse-keep-alive", "100ms"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.server.getPort() + path);
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b);
    }

    static ServerMessage message(HttpResponse<String> r) {
        return ((Decoded.Ok<ServerMessage>) CODEC.decodeServer(r.body())).message();
    }

    /** An identity from POST /api/session. */
    static ServerMessage.Welcome identity() throws Exception {
        HttpResponse<String> r = post("/api/session", "{}");
        assertEquals(200, r.statusCode(), r.body());
        return (ServerMessage.Welcome) message(r);
    }

    static HttpResponse<String> submit(String doc, ServerMessage.Welcome id, long base, long seq, String opJson) throws Exception {
        return post("/api/docs/" + doc + "/ops", "{\"base\":" + base + ",\"clientId\":\"" + id.clientId() + "\",\"seq\":" + seq
                + ",\"op\":" + opJson + "}", "Cowrite-Resume", id.resume());
    }

    @Test
    void sseAndLongPollFollowersEndWithTheEditorsText() throws Exception {
        String doc = "http-follow";
        AtomicBoolean polling = new AtomicBoolean(true);
        AtomicReference<String> polled = new AtomicReference<>("");
        AtomicLong polledVersion = new AtomicLong(-1);
        AtomicReference<Throwable> pollFailure = new AtomicReference<>();
        try (TestClient a = new TestClient(server.ws(), "alice").connect();
             SseFollower sse = new SseFollower().open(uri("/api/docs/" + doc + "/events"))) {
            DocumentClient da = a.join(doc);
            Awaits.until(() -> sse.version() == 0, Duration.ofSeconds(10), "the SSE snapshot");
            Thread poller = Thread.ofVirtual().start(() -> {
                try {
                    Long since = null;
                    String text = "";
                    while (polling.get() || polledVersion.get() < da.version()) {
                        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/docs/" + doc + "/ops"
                                + (since == null ? "" : "?since=" + since + "&timeout=1000"))));
                        assertEquals(200, r.statusCode(), r.body());
                        switch (message(r)) {
                            case ServerMessage.Snapshot s -> {
                                text = s.text();
                                since = s.version();
                            }
                            case ServerMessage.Catchup c -> {
                                assertEquals(since, c.from());
                                for (CommittedOp op : c.ops()) text = TextType.apply(text, op.op());
                                since = c.version();
                            }
                            default -> throw new AssertionError(r.body());
                        }
                        polled.set(text);
                        polledVersion.set(since);
                    }
                } catch (Throwable t) {
                    pollFailure.set(t);
                }
            });
            ServerMessage.Welcome writer = identity();
            long seq = 0;
            for (int i = 0; i < 20; i++) {
                da.edit(TextOp.of(new Component.Insert("w" + i + " ")));
                // the HTTP writer inserts at the start, on whatever version it last saw: the owner transforms it
                HttpResponse<String> r = submit(doc, writer, sse.version(), ++seq, "[\"p" + i + " \"]");
                assertEquals(200, r.statusCode(), r.body());
            }
            Awaits.until(da::isSynchronized, Duration.ofSeconds(20), "the WebSocket editor synchronized");
            long head = StoredDocument.read(db, doc).version();
            Awaits.until(() -> da.version() == head && sse.version() == head, Duration.ofSeconds(20), "everyone at " + head);
            polling.set(false);
            poller.join(Duration.ofSeconds(30));
            if (pollFailure.get() != null) throw new AssertionError("long poller failed", pollFailure.get());
            String stored = StoredDocument.read(db, doc).text();
            // 20 POSTed ops, and the editor's 20 edits in as many ops as it sent (edits typed while one is in
            // flight are composed into the next, so fewer when acks are slow)
            assertEquals(20 + da.acked(), head);
            for (int i = 0; i < 20; i++) {
                for (String t : new String[] {"w" + i + " ", "p" + i + " "}) {
                    int first = stored.indexOf(t);
                    assertTrue(first >= 0 && stored.indexOf(t, first + 1) < 0, "once in the text: '" + t + "' in " + stored);
                }
            }
            assertEquals(stored, da.text());
            assertEquals(stored, sse.text());
            assertEquals(stored, polled.get());
            assertEquals(head, polledVersion.get());
            assertEquals(java.util.List.of(), sse.problems());
            assertEquals(200, sse.status());
            Awaits.until(() -> sse.comments() >= 2, Duration.ofSeconds(5), "keep-alive comments");
            assertEquals(0, sse.emptyData(), "a keep-alive must not be an (empty) event");
        }
    }

    @Test
    void anSseReconnectWithLastEventIdMissesNothing() throws Exception {
        String doc = "http-resume";
        try (TestClient a = new TestClient(server.ws(), "alice").connect()) {
            DocumentClient da = a.join(doc);
            SseFollower earlier;
            try (SseFollower first = new SseFollower().open(uri("/api/docs/" + doc + "/events"))) {
                for (int i = 0; i < 5; i++) da.edit(TextOp.of(new Component.Insert("a" + i)));
                Awaits.until(() -> da.isSynchronized() && first.version() == da.version(), Duration.ofSeconds(20), "first stream at head");
                assertEquals(Long.toString(da.version()), first.lastId());
                earlier = first;
            }
            for (int i = 0; i < 7; i++) da.edit(TextOp.of(new Component.Insert("b" + i)));
            Awaits.until(da::isSynchronized, Duration.ofSeconds(20), "editor synchronized");
            try (SseFollower second = new SseFollower().resume(uri("/api/docs/" + doc + "/events"), earlier)) {
                Awaits.until(() -> second.version() == da.version(), Duration.ofSeconds(20), "resumed stream at head");
                assertEquals(da.text(), second.text());
                assertEquals("catchup", second.events().get(1).name()); // welcome, then the replay of what it missed
                assertEquals(java.util.List.of(), second.problems());
                // and it keeps following
                da.edit(TextOp.of(new Component.Insert("c")));
                Awaits.until(() -> da.isSynchronized() && second.version() == da.version(), Duration.ofSeconds(20), "live again");
                assertEquals(da.text(), second.text());
            }
        }
    }

    @Test
    void postedOpsAreAckedOnceHoweverOftenResent() throws Exception {
        String doc = "http-dedup";
        ServerMessage.Welcome id = identity();
        HttpResponse<String> first = submit(doc, id, 0, 1, "[\"hello\"]");
        assertEquals(200, first.statusCode(), first.body());
        ServerMessage.Ack ack = (ServerMessage.Ack) message(first);
        assertEquals(0, ack.version());
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> again = submit(doc, id, 0, 1, "[\"hello\"]");
            assertEquals(200, again.statusCode(), again.body());
            assertEquals(ack, message(again));
        }
        HttpResponse<String> second = submit(doc, id, 1, 2, "[5,\" world\"]");
        assertEquals(1, ((ServerMessage.Ack) message(second)).version());
        StoredDocument stored = StoredDocument.read(db, doc);
        assertEquals(2, stored.version());
        assertEquals("hello world", stored.text());
        HttpResponse<String> stale = submit(doc, id, 2, 1, "[\"x\"]");
        assertEquals(200, stale.statusCode(), "seq 1 is that op: acked with its version, not applied: " + stale.body());
        assertEquals(2, StoredDocument.read(db, doc).version());
    }

    @Test
    void malformedRequestsGetClearErrors() throws Exception {
        ServerMessage.Welcome id = identity();
        assertError(send(HttpRequest.newBuilder(uri("/api/docs/a.b/events"))), 400, "invalid_doc_id");
        assertError(send(HttpRequest.newBuilder(uri("/api/docs/ok/events")).header("Last-Event-ID", "-1")), 400, "invalid_field");
        assertError(send(HttpRequest.newBuilder(uri("/api/docs/ok/ops?since=x"))), 400, "invalid_field");
        assertError(post("/api/docs/ok/ops", "[1]", "Cowrite-Resume", id.resume()), 400, "invalid_json");
        assertError(post("/api/docs/ok/ops", "{\"base\":0,\"clientId\":\"" + id.clientId() + "\",\"seq\":1,\"op\":[0]}",
                "Cowrite-Resume", id.resume()), 400, "invalid_op");
        assertError(post("/api/docs/ok/ops", "{\"base\":0,\"clientId\":\"" + id.clientId() + "\",\"seq\":1,\"op\":[\"x\"]}"),
                400, "invalid_field"); // no resume secret
        assertError(post("/api/docs/ok/ops", "{\"base\":0,\"clientId\":\"" + id.clientId() + "\",\"seq\":1,\"op\":[\"x\"]}",
                "Cowrite-Resume", "not-the-secret"), 400, "invalid_field");
        assertError(submit("ok", id, 5, 1, "[\"x\"]"), 409, "version_ahead");
        assertError(send(HttpRequest.newBuilder(uri("/api/docs/ok/events")).header("Authorization", "Bearer nope")), 401, "unauthorized");
        assertError(post("/api/session", "{\"clientId\":\"abc\"}"), 400, "invalid_field"); // id without its secret
        ServerMessage.Welcome resumed = (ServerMessage.Welcome) message(post("/api/session",
                "{\"clientId\":\"" + id.clientId() + "\",\"resume\":\"" + id.resume() + "\"}"));
        assertEquals(id.clientId(), resumed.clientId());
    }

    static void assertError(HttpResponse<String> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"code\":\"" + code + "\""), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
    }
}
