package io.cowrite.app;

import static io.cowrite.app.HttpTransportsIT.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cowrite.core.protocol.Decoded;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.core.protocol.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP transports in the jwt mode: the same grants as the WebSocket, through the same Principal.can. */
class HttpTransportsJwtIT {
    static TestDatabase db;
    static TestServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        server = TestServer.start(db, "local", Tokens.jwtMode());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
    }

    static HttpResponse<String> send(String method, String path, String token, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server.getPort() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyEntryPointAuthenticatesAndAuthorizes() throws Exception {
        for (String token : new String[] {null, Tokens.refused().get(0), "garbage"}) {
            assertError(send("POST", "/api/session", token, "{}"), 401, "unauthorized");
            assertError(send("GET", "/api/docs/team-a/events", token, null), 401, "unauthorized");
            assertError(send("GET", "/api/docs/team-a/ops?since=0&timeout=2000", token, null), 401, "unauthorized");
            assertError(send("POST", "/api/docs/team-a/ops", token, "{}", "Cowrite-Resume", "x"), 401, "unauthorized");
        }
        String reader = Tokens.grant("rita", null, "team-*");
        String writer = Tokens.grant("will", "team-*", null);
        String outsider = Tokens.grant("otto", "other-*", null);
        assertError(send("GET", "/api/docs/team-a/events", outsider, null), 403, "forbidden");
        assertError(send("GET", "/api/docs/team-a/ops?since=0&timeout=2000", outsider, null), 403, "forbidden");

        ServerMessage.Welcome r = welcome(reader);
        HttpResponse<String> refused = send("POST", "/api/docs/team-a/ops", reader,
                "{\"base\":0,\"clientId\":\"" + r.clientId() + "\",\"seq\":1,\"op\":[\"x\"]}", "Cowrite-Resume", r.resume());
        assertError(refused, 403, "forbidden");
        ServerMessage.Welcome w = welcome(writer);
        assertError(send("POST", "/api/docs/team-a/ops", outsider,
                "{\"base\":0,\"clientId\":\"" + w.clientId() + "\",\"seq\":1,\"op\":[\"x\"]}", "Cowrite-Resume", w.resume()),
                400, "invalid_field"); // another user's identity does not verify for otto
        HttpResponse<String> ok = send("POST", "/api/docs/team-a/ops", writer,
                "{\"base\":0,\"clientId\":\"" + w.clientId() + "\",\"seq\":1,\"op\":[\"x\"]}", "Cowrite-Resume", w.resume());
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(1, StoredDocument.read(db, "team-a").version());
        HttpResponse<String> poll = send("GET", "/api/docs/team-a/ops?since=0", reader, null);
        assertEquals(200, poll.statusCode(), poll.body());
        ServerMessage.Catchup c = (ServerMessage.Catchup) ((Decoded.Ok<ServerMessage>) new ProtocolCodec().decodeServer(poll.body())).message();
        assertEquals(1, c.ops().size());
        assertEquals(true, c.readOnly());
    }

    static ServerMessage.Welcome welcome(String token) throws Exception {
        HttpResponse<String> r = send("POST", "/api/session", token, "{}");
        assertEquals(200, r.statusCode(), r.body());
        return (ServerMessage.Welcome) ((Decoded.Ok<ServerMessage>) new ProtocolCodec().decodeServer(r.body())).message();
    }
}
