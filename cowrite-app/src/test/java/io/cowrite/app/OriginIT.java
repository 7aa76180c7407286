package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The WebSocket upgrade checks {@code Origin} (cross-site WebSocket hijacking, {@code OriginCheck}): a
 * browser page of another origin is refused with 403, while the server's own origin, an origin in
 * {@code cowrite.editor.allowed-origins} and a request without {@code Origin} (not a browser) upgrade.
 *
 * <p>Requests name the server by a public host name ({@code Host: cowrite.test:<port>}), as behind a load
 * balancer. On a {@code localhost}/{@code 127.0.0.1} Host, Micronaut's own drive-by-localhost guard (part of
 * its CORS filter, active even with CORS disabled) refuses every non-localhost origin with 403 before
 * {@code OriginCheck} runs, so only {@link #onALocalhostHostMicronautRefusesNonLocalhostOriginsFirst} uses one.
 */
class OriginIT {
    static final String ALLOWED = "https://app.example.com";
    static TestDatabase db;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        server = TestServer.start(db, "local", Map.of("cowrite.editor.allowed-origins", List.of(ALLOWED, "http://other.example:8081")));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
    }

    private static int port() {
        return server.ws().getPort();
    }

    /** The upgrade's status for {@code path} with {@code origin} (null: none) on the public host name. */
    private static int status(String path, String originHeader, String origin) throws Exception {
        Map<String, String> headers = new HashMap<>();
        headers.put("Host", "cowrite.test:" + port());
        if (origin != null) headers.put(originHeader, origin);
        return RawWebSocket.upgradeStatus(server.ws(), path, headers);
    }

    @Test
    void withoutOriginTheOwnOriginAndAllowListedOnesUpgrade() throws Exception {
        assertEquals(101, status("/ws", "Origin", null), "no Origin: not a browser");
        assertEquals(101, status("/ws", "Origin", "http://cowrite.test:" + port()), "the server's own origin");
        assertEquals(101, status("/ws", "Origin", ALLOWED), "allow-listed");
        assertEquals(101, status("/ws", "Origin", "HTTPS://App.Example.com/"), "origins compare case-insensitively");
        assertEquals(101, status("/ws", "Origin", "http://other.example:8081"), "the second allow-listed origin");
    }

    static List<String> foreignOrigins() {
        return List.of(
                "http://evil.example",
                "http://cowrite.test:" + (port() + 1),
                "http://cowrite.test", // port 80, not the server's
                "http://cowrite.test." + "evil.example:" + port(),
                "null", // sandboxed iframes and file: pages
                "http://127.0.0.1:" + port(),
                "https://app.example.com.evil.example",
                "https://app.example.com:8443",
                "http://app.example.com",
                "http://other.example:8082",
                "http://[::1",
                "");
    }

    @ParameterizedTest
    @MethodSource("foreignOrigins")
    void aForeignOriginIsRefused403(String origin) throws Exception {
        assertEquals(403, status("/ws", "Origin", origin), origin);
    }

    static List<String> paths() {
        return List.of("/ws", "/ws/", "/ws?x=1", "//ws", "/./ws", "/x/../ws", "/ws/.", "/WS", "/ws%2f", "/%77s", "/ws;a=b", "/ws#f");
    }

    /** However the path is spelled, a foreign page never reaches the WebSocket. */
    @ParameterizedTest
    @MethodSource("paths")
    void noSpellingOfThePathBypassesTheCheck(String path) throws Exception {
        assertNotEquals(101, status(path, "Origin", "http://evil.example"), path);
        assertNotEquals(101, status(path, "ORIGIN", "http://evil.example"), path + " (header name in capitals)");
    }

    /**
     * Pins the interplay described in the class comment: on a localhost Host the server's own origin and
     * no Origin upgrade, a foreign localhost origin is refused by OriginCheck, and an allow-listed
     * non-localhost origin is refused too (by Micronaut, first).
     */
    @Test
    void onALocalhostHostMicronautRefusesNonLocalhostOriginsFirst() throws Exception {
        assertEquals(101, RawWebSocket.upgradeStatus(server.ws(), "/ws", Map.of()));
        assertEquals(101, RawWebSocket.upgradeStatus(server.ws(), "/ws", Map.of("Origin", "http://127.0.0.1:" + port())));
        assertEquals(403, RawWebSocket.upgradeStatus(server.ws(), "/ws", Map.of("Origin", "http://localhost:" + (port() + 1))));
        assertEquals(403, RawWebSocket.upgradeStatus(server.ws(), "/ws", Map.of("Origin", ALLOWED)));
    }
}
