package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The node's connection cap: the next connection gets 4006 node_full, readiness is DOWN at the cap, liveness UP. */
class ConnectionCapIT {
    static TestDatabase db;
    static TestServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        server = TestServer.start(db, "local", Map.of("cowrite.editor.max-connections", 2));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server.getPort() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pastTheCapConnectionsAreToldToTryAnotherNode() throws Exception {
        assertEquals(200, get("/health/readiness").statusCode());
        try (TestClient a = new TestClient(server.ws(), "a").connect(); TestClient b = new TestClient(server.ws(), "b").connect()) {
            HttpResponse<String> ready = get("/health/readiness");
            assertEquals(503, ready.statusCode(), ready.body());
            assertEquals(200, get("/health/liveness").statusCode());
            TestClient c = new TestClient(server.ws(), "c");
            assertEquals(4006, c.connectRefused());
            HttpResponse<String> session = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server.getPort()
                    + "/api/docs/cap/events")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, session.statusCode());
            assertTrue(session.body().contains("\"node_full\""), session.body());
            b.close();
            Awaits.until(() -> {
                try {
                    return get("/health/readiness").statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            }, Duration.ofSeconds(10), "ready again below the cap");
            try (TestClient d = new TestClient(server.ws(), "d").connect()) {
                assertTrue(d.sessionId() != null);
            }
        }
    }
}
