package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.WebSocketRoute;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * How the page gets (and stays) connected, in real Chromium against cowrite.jar: the indicator names the
 * transport, a page is live again within a few seconds of the server coming back, a page whose WebSocket is
 * blocked falls back to SSE + POST (and to long polling when streaming breaks too) and converges with a WebSocket
 * user, and a page that has no text yet never shows an editor that looks editable. Every test ends with no console
 * error and no page error, except Chromium's own "WebSocket connection to … failed" while the server is away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebTransportIT {
    /** Backoff capped at 3 s, plus the connect and the handshake: "back within a few seconds". */
    private static final Duration BACK_WITHIN = Duration.ofSeconds(5);
    private BrowserFixture fixture;

    @BeforeAll
    void start() throws Exception {
        fixture = BrowserFixture.start("web-transport-it");
    }

    @AfterEach
    void noConsoleErrors() {
        List<String> errors = fixture.closePeople().stream()
                .filter(e -> !e.matches("\\w+ console: WebSocket connection to '\\S+/ws' failed: .*"))
                .filter(e -> !e.matches("\\w+ console: Failed to load resource: net::ERR_FAILED.*"))
                .toList();
        assertEquals(List.of(), errors, "console errors and page errors");
    }

    @AfterAll
    void stop() throws Exception {
        if (fixture != null) fixture.close();
    }

    @Test
    void theServerGoesAwayAndComesBackAndThePageIsLiveWithinSeconds() throws Exception {
        String doc = BrowserFixture.newDoc("restart");
        BrowserPerson ada = fixture.person("Ada").open(doc);
        countSockets(ada);
        ada.focusEnd();
        ada.type("before ");
        Awaits.until(ada::synced, BrowserPerson.WAIT, "Ada's first edit is saved");
        assertEquals("via WebSocket", transport(ada), "the indicator names the transport");

        fixture.app.close(); // SIGTERM, as a deploy does
        Awaits.until(() -> ada.status().startsWith("reconnecting in"), BrowserPerson.WAIT, "Ada sees the server is away");
        ada.type("while away ");
        Awaits.until(() -> ada.status().matches("reconnecting in \\d+ s — \\d+ edits? waiting"), BrowserPerson.WAIT,
                "the edit typed meanwhile waits, and the indicator says so: " + ada.status());
        assertTrue(ada.page.locator(".reconnect-now").isVisible(), "reconnect now is offered while waiting");
        // "Reconnect now" tries at once: a new WebSocket is opened within the click.
        Object opened = ada.page.evaluate("() => { const n = window.__sockets; document.querySelector('.reconnect-now').click();"
                + " return window.__sockets - n; }");
        assertEquals(1, ((Number) opened).intValue(), "one new attempt, at once");

        fixture.app.startAgain();
        long back = System.nanoTime();
        Awaits.until(() -> ada.synced() && "all changes saved".equals(ada.status()), BrowserPerson.WAIT,
                "Ada is live again and her waiting edit is saved");
        Duration took = Duration.ofNanos(System.nanoTime() - back);
        assertTrue(took.compareTo(BACK_WITHIN) <= 0, "live again " + took.toMillis() + " ms after the server answered /health");
        assertEquals("via WebSocket", transport(ada));
        assertFalse(ada.page.locator(".reconnect-now").isVisible(), "nothing to reconnect when live");

        BrowserPerson bob = fixture.person("Bob").open(doc);
        assertEquals("before while away ", fixture.converge(doc, ada, bob));
    }

    @Test
    void withTheWebSocketBlockedThePageFallsBackToSseEditsAndConvergesWithAWebSocketUser() throws Exception {
        String doc = BrowserFixture.newDoc("sse");
        BrowserPerson bob = fixture.person("Bob").open(doc);
        bob.focusEnd();
        bob.type("Bob on a WebSocket. ");
        BrowserPerson ada = fixture.person("Ada");
        blockWebSockets(ada);
        ada.open(doc);
        Awaits.until(() -> "via SSE + POST".equals(transport(ada)), BrowserPerson.WAIT, "Ada's indicator names SSE: " + transport(ada));
        Awaits.until(() -> ada.text().equals("Bob on a WebSocket. ") && bob.synced(), BrowserPerson.WAIT, "Ada has Bob's text");
        ada.focusEnd();
        for (int i = 0; i < 5; i++) {
            ada.type("ada " + i + " 中文😀 ");
            bob.type("bob " + i + " ");
        }
        String text = fixture.converge(doc, ada, bob);
        for (int i = 0; i < 5; i++) {
            assertTrue(text.contains("ada " + i + " 中文😀 "), "Ada's edit " + i + " in " + text);
            assertTrue(text.contains("bob " + i + " "), "Bob's edit " + i + " in " + text);
        }
        assertEquals("all changes saved", ada.status());
        assertEquals("via SSE + POST", transport(ada));
    }

    @Test
    void withStreamingBrokenTooThePageFallsBackToLongPolling() throws Exception {
        String doc = BrowserFixture.newDoc("poll");
        BrowserPerson bob = fixture.person("Bob").open(doc);
        bob.focusEnd();
        bob.type("Bob first. ");
        BrowserPerson ada = fixture.person("Ada");
        blockWebSockets(ada);
        ada.context.route("**/api/docs/*/events**", route -> route.abort());
        ada.open(doc);
        Awaits.until(() -> "via long polling + POST".equals(transport(ada)), BrowserPerson.WAIT, "Ada polls: " + transport(ada));
        ada.focusEnd();
        ada.type("Ada polls. ");
        bob.type("Bob again.");
        String text = fixture.converge(doc, ada, bob);
        assertTrue(text.contains("Ada polls. ") && text.startsWith("Bob first. ") && text.contains("Bob again."), text);
    }

    @Test
    void aPageThatCannotReachTheServerAtAllNeverLooksEditableWithoutItsText() throws Exception {
        String doc = BrowserFixture.newDoc("blocked");
        BrowserPerson bob = fixture.person("Bob").open(doc);
        bob.focusEnd();
        bob.type("Bob's text");
        Awaits.until(bob::synced, BrowserPerson.WAIT, "Bob's text is saved");

        BrowserPerson ada = fixture.person("Ada");
        blockWebSockets(ada);
        ada.context.route("**/api/**", route -> route.abort());
        ada.page.navigate("/d/" + doc);
        ada.page.waitForFunction("() => !!document.querySelector('.cm-content')");
        Awaits.until(() -> ada.status().startsWith("reconnecting in"), BrowserPerson.WAIT, "Ada's page says it is not connected");
        assertTrue(ada.page.locator(".loading-note").isVisible(), "the page says the document is not loaded");
        assertEquals("false", ada.page.locator(".cm-content").getAttribute("contenteditable"), "no caret, no input");
        ada.page.locator(".cm-content").click();
        ada.type("lost?");
        assertEquals("", ada.text(), "typing goes nowhere, and nothing pretends it did");
        assertTrue(ada.page.locator(".reconnect-now").isVisible(), "reconnect now is offered");

        // The network lets HTTP through again: the page gets there by itself, over what works.
        ada.context.unroute("**/api/**");
        Awaits.until(() -> ada.synced() && "Bob's text".equals(ada.text()), BrowserPerson.WAIT, "Ada has the text");
        assertFalse(ada.page.locator(".loading-note").isVisible());
        assertEquals("true", ada.page.locator(".cm-content").getAttribute("contenteditable"));
        assertTrue(transport(ada).startsWith("via ") && !transport(ada).equals("via WebSocket"), transport(ada));
    }

    /** Counts the WebSockets the page opens, in {@code window.__sockets}. */
    private static void countSockets(BrowserPerson p) {
        p.page.evaluate("() => { window.__sockets = 0; const Native = window.WebSocket;"
                + " window.WebSocket = class extends Native { constructor(...a) { super(...a); window.__sockets++; } }; }");
    }

    /**
     * Every WebSocket of the page ends before the server is reached, as behind a proxy that does not pass
     * upgrades (the page sees an abnormal close; 1011 is the nearest code a test can send).
     */
    private static void blockWebSockets(BrowserPerson p) {
        p.context.routeWebSocket("**/ws", ws -> ws.close(new WebSocketRoute.CloseOptions().setCode(1011).setReason("blocked")));
    }

    private static String transport(BrowserPerson p) {
        return p.page.locator(".transport").textContent();
    }
}
