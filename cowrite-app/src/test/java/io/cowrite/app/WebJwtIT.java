package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Frame;
import com.microsoft.playwright.WebSocketRoute;
import io.cowrite.auth.Grant;
import io.cowrite.auth.Permission;
import io.cowrite.auth.TokenIssuer;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The browser editor against cowrite.jar in the jwt mode: a host application (here {@link TokenIssuer}
 * with the server's HS256 secret) signs each person's token; the page takes it from the URL fragment and
 * sends it in the hello only. Writers and readers, the names the tokens give, pages without a valid token,
 * and tokens that expire mid-session, with and without an embedding host that hands out fresh ones.
 * Every test ends with no console error and no page error in any page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebJwtIT {
    private static final String SECRET = "web-jwt-it-hs256-secret-0123456789abcdef";
    private static final TokenIssuer HOST = TokenIssuer.hmac(SECRET, null);
    /** Long enough to open a page and type before it ends; the expiry tests wait for it. */
    private static final Duration SHORT = Duration.ofSeconds(8);
    private static final Duration LONG = Duration.ofMinutes(10);
    /** Records the texts of the status indicator, to tell whether the page ever showed a reconnect. */
    private static final String RECORD_STATUSES = "addEventListener('DOMContentLoaded', () => { window.__statuses = [];"
            + " new MutationObserver(() => { const s = document.querySelector('.status');"
            + " if (s && window.__statuses.at(-1) !== s.textContent) window.__statuses.push(s.textContent); })"
            + ".observe(document.body, {subtree: true, childList: true, characterData: true}); });";

    private BrowserFixture fixture;
    /** The web server of the host application that embeds the editor, in the test that has one. */
    private HttpServer hostApp;

    @BeforeAll
    void start() throws Exception {
        fixture = BrowserFixture.start("web-jwt-it", Map.of(
                "cowrite.auth.mode", "jwt",
                "cowrite.auth.jwt-hmac-secret", SECRET,
                "cowrite.auth.jwt-clock-skew", "0s", // an expired token is refused at once, also on reconnect
                "cowrite.editor.frame-ancestors", "'self' http://localhost:*")); // the host page that embeds the editor
    }

    @AfterEach
    void noConsoleErrors() {
        if (hostApp != null) hostApp.stop(0);
        hostApp = null;
        assertEquals(List.of(), fixture.closePeople(), "console errors and page errors");
    }

    @AfterAll
    void stop() throws Exception {
        if (fixture != null) fixture.close();
    }

    private static String token(String user, String name, String docPattern, Duration ttl, Permission permission) {
        return HOST.issue(user, name, ttl, List.of(new Grant(docPattern, Set.of(permission))));
    }

    @Test
    void aDocumentAdminsTokenInTheFragmentOpensTheDocumentsHistoryAndStaysInMemory() {
        String doc = BrowserFixture.newDoc("jwt-admin");
        BrowserPerson alice = fixture.person("alice");
        alice.page.navigate("/d/" + doc + "#token=" + token("alice", "Alice", doc, LONG, Permission.WRITE));
        alice.awaitJoined();
        alice.focusEnd();
        alice.type("Quarterly report");
        Awaits.until(alice::synced, BrowserPerson.WAIT, "Alice's text saved");

        // Olga administers this one document (not a global admin): her token comes in the fragment.
        BrowserPerson olga = fixture.person("olga");
        olga.page.navigate("/admin/d/" + doc + "#token=" + token("olga", "Olga", doc, LONG, Permission.ADMIN));
        olga.page.waitForFunction("v => window.cowriteAdmin && window.cowriteAdmin.shownVersion === v", (double) alice.version());
        assertEquals("Quarterly report", olga.page.evaluate("() => window.cowriteAdmin.view.state.doc.toString()"));
        assertEquals(fixture.app.base + "/admin/d/" + doc, olga.page.url(), "the token left the address bar");
        assertNull(olga.page.evaluate("() => sessionStorage.getItem('cowrite:admin-token')"), "kept in memory only");
        olga.page.locator(".online-people .peer").first().waitFor();
        assertEquals(List.of("Alice"), olga.page.locator(".online-people .peer").allTextContents());

        // The documents list needs the global admin grant. The link keeps her in-memory token (403, not 401):
        // she is told so, not sent to a sign-in loop.
        olga.page.locator(".brand").click();
        olga.page.locator(".banner[data-status='403']").waitFor();
        assertTrue(olga.page.locator(".banner").textContent().contains("does not give admin rights"));
        olga.errors().removeIf(e -> e.contains("403")); // the browser's own log line of the refused request
    }

    private static void awaitState(BrowserPerson p, String state) {
        p.page.waitForFunction("s => document.querySelector('.status')?.dataset.state === s", state);
    }

    @Test
    void aWriterTypesAndAReaderSeesItLiveButCannotEditAndTheTokensNameThem() throws Exception {
        String doc = BrowserFixture.newDoc("jwt");
        String aliceToken = token("u-alice", "Alice Liddell", doc, LONG, Permission.WRITE);
        String bobToken = token("u-bob", "Bob Builder", "jwt-*", LONG, Permission.READ);
        // Names chosen earlier in open mode ("alice", "bob") are in localStorage: the tokens' names win.
        BrowserPerson alice = fixture.person("alice");
        BrowserPerson bob = fixture.person("bob");
        List<String> urls = new CopyOnWriteArrayList<>();
        List<String> hellos = new CopyOnWriteArrayList<>();
        List<String> sentByBob = new CopyOnWriteArrayList<>();
        alice.context.onRequest(r -> urls.add(r.url()));
        bob.context.onRequest(r -> urls.add(r.url()));
        alice.context.routeWebSocket("**/ws", ws -> {
            urls.add(ws.url());
            WebSocketRoute server = ws.connectToServer();
            ws.onMessage(f -> {
                if (f.text().startsWith("{\"type\":\"hello\"")) hellos.add(f.text());
                server.send(f.text());
            });
            server.onMessage(f -> ws.send(f.text()));
        });
        bob.context.routeWebSocket("**/ws", ws -> {
            urls.add(ws.url());
            WebSocketRoute server = ws.connectToServer();
            ws.onMessage(f -> {
                sentByBob.add(f.text());
                server.send(f.text());
            });
            server.onMessage(f -> ws.send(f.text()));
        });

        alice.page.navigate("/d/" + doc + "#token=" + aliceToken);
        alice.awaitJoined();
        bob.page.navigate("/d/" + doc + "#token=" + bobToken);
        bob.awaitJoined();
        // The token left the address bar at once (not in history, not in "Copy link").
        assertEquals(fixture.app.base + "/d/" + doc, alice.page.url());
        assertEquals("", bob.page.evaluate("() => location.hash"));

        // Alice writes; Bob sees it live. Bob's editor takes no input, says so, and shows no name input.
        assertTrue(bob.page.locator(".read-only").isVisible(), "Bob sees the read-only indicator");
        assertFalse(alice.page.locator(".read-only").isVisible(), "Alice does not");
        assertEquals("false", bob.page.locator(".cm-content").getAttribute("contenteditable"));
        alice.focusEnd();
        alice.type("Hello from Alice 😀\n");
        Awaits.until(() -> bob.text().equals("Hello from Alice 😀\n"), BrowserPerson.WAIT, "Bob sees Alice's text live");
        bob.page.locator(".cm-content").click();
        bob.type("bob was here");
        bob.page.keyboard().press("Backspace");
        bob.paste("pasted by bob");
        alice.type("and more");
        String text = fixture.converge(doc, alice, bob);
        assertEquals("Hello from Alice 😀\nand more", text, "nothing of Bob's is in the document");
        assertTrue(sentByBob.stream().noneMatch(f -> f.startsWith("{\"type\":\"op\"")), "Bob sent no op: " + sentByBob);
        assertTrue(bob.notices().isEmpty() && bob.banner() == null, "nothing to report to Bob: " + bob.notices());
        assertEquals("live", bob.statusState());

        // People are named by their tokens, whatever name was stored in the browser.
        Awaits.until(() -> Set.copyOf(alice.peerNames()).equals(Set.of("Alice Liddell (you)", "Bob Builder"))
                        && Set.copyOf(bob.peerNames()).equals(Set.of("Bob Builder (you)", "Alice Liddell")),
                BrowserPerson.WAIT, "presence shows the tokens' names: " + alice.peerNames() + " / " + bob.peerNames());
        Awaits.until(() -> bob.page.locator(".cw-caret-label").count() == 1, BrowserPerson.WAIT, "Alice's caret at Bob's");
        assertEquals("Alice Liddell", bob.page.locator(".cw-caret-label").textContent());

        // The token travelled in the hello only: in no URL, in no storage, in no server log line.
        assertTrue(hellos.stream().allMatch(h -> h.contains("\"token\":\"" + aliceToken + "\"") && !h.contains("\"name\"")),
                "hellos carry the token and no name: " + hellos);
        assertTrue(urls.stream().noneMatch(u -> u.contains(aliceToken) || u.contains(bobToken)), "no URL has a token: " + urls);
        String stored = (String) alice.page.evaluate("() => JSON.stringify({...localStorage}) + JSON.stringify({...sessionStorage})");
        assertFalse(stored.contains(aliceToken), "the token is kept in memory only");
        assertFalse(fixture.app.output().contains(aliceToken), "the server logged no token");
        bob.screenshot("jwt-reader-bob.png");
    }

    @Test
    void pagesWithoutAValidTokenSayTheyAreNotSignedInAndDoNotRetry() {
        String doc = BrowserFixture.newDoc("jwt-nobody");
        // A first visit without a token: no name to choose, nothing to edit, no reconnect loop.
        BrowserPerson carol = fixture.newcomer("carol");
        AtomicInteger sockets = new AtomicInteger();
        carol.context.routeWebSocket("**/ws", ws -> {
            sockets.incrementAndGet();
            ws.connectToServer();
        });
        carol.context.addInitScript(RECORD_STATUSES);
        carol.page.navigate("/");
        carol.page.waitForSelector("text=open documents from there");
        assertEquals(0, carol.page.locator("#name").count(), "the landing page offers no name input");
        carol.page.navigate("/d/" + doc);
        awaitState(carol, "signed-out");
        assertEquals(0, carol.page.locator("#name").count(), "no name input");
        assertTrue(carol.banner().startsWith("You are not signed in"), carol.banner());
        assertEquals("not signed in", carol.status());
        assertEquals(Boolean.TRUE, carol.page.evaluate("() => window.cowrite.connection.waitingForToken"));
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) carol.page.evaluate("() => window.__statuses");
        assertTrue(seen.stream().noneMatch(s -> s.startsWith("reconnecting")), "no reconnect: " + seen);
        assertEquals(3, sockets.get(), "one probe on each page, one connection: " + sockets.get());

        // A forged token (signed with another key), and a name chosen earlier without a token: refused alike.
        String forged = TokenIssuer.hmac("not-the-server-secret-0123456789abcdef", null)
                .issue("u-dave", "Dave", LONG, List.of(new Grant("*", Set.of(Permission.ADMIN))));
        BrowserPerson dave = fixture.person("dave");
        dave.page.navigate("/d/" + doc + "#token=" + forged);
        awaitState(dave, "signed-out");
        assertTrue(dave.banner().startsWith("You are not signed in"), dave.banner());
        BrowserPerson eve = fixture.person("eve");
        eve.page.navigate("/d/" + doc);
        awaitState(eve, "signed-out");
        assertTrue(eve.banner().startsWith("You are not signed in"), eve.banner());

        // A valid token that grants other documents only: signed in, but no access to this one.
        BrowserPerson frank = fixture.person("frank");
        frank.page.navigate("/d/" + doc + "#token=" + token("u-frank", "Frank", "other-*", LONG, Permission.WRITE));
        awaitState(frank, "no-access");
        assertTrue(frank.banner().startsWith("You do not have access to this document"), frank.banner());
        assertEquals("false", frank.page.locator(".cm-content").getAttribute("contenteditable"));
        carol.screenshot("jwt-not-signed-in.png");
    }

    @Test
    void aTokenThatExpiresMidSessionEndsItOrTheEmbeddingHostSignsThePageInAgain() throws Exception {
        String doc = BrowserFixture.newDoc("jwt-expiry");
        // Alice opened a link with a short-lived token, no host page around her.
        BrowserPerson alice = fixture.person("alice");
        alice.context.addInitScript(RECORD_STATUSES);
        alice.page.navigate("/d/" + doc + "#token=" + token("u-alice", "Alice", doc, SHORT, Permission.WRITE));
        alice.awaitJoined();
        alice.focusEnd();
        alice.type("alice before\n");
        Awaits.until(alice::synced, BrowserPerson.WAIT, "Alice's edit saved");
        // Carol's editor is embedded in a host application's page on another site (localhost, not 127.0.0.1),
        // which answers token requests. (This Chromium denies the embedded editor localStorage, as browsers
        // that block third-party storage do: the editor keeps its state in memory instead.)
        BrowserPerson carol = fixture.person("carol");
        String src = fixture.app.base + "/d/" + doc + "#token=" + token("u-carol", "Carol", doc, SHORT, Permission.WRITE);
        hostApp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hostApp.createContext("/", exchange -> {
            byte[] page = hostPage(src).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        hostApp.start();
        carol.page.navigate("http://localhost:" + hostApp.getAddress().getPort() + "/notes");
        Frame editor = carol.page.locator("#cowrite").elementHandle().contentFrame();
        editor.waitForFunction("() => window.cowrite && window.cowrite.client.phase === 'joined'");
        String carolSession = (String) editor.evaluate("() => window.cowrite.sessionId");
        String carolClient = (String) editor.evaluate("() => window.cowrite.clientId");
        carol.page.evaluate("t => { window.nextToken = t; }", token("u-carol", "Carol", doc, LONG, Permission.WRITE));

        // Alice's session expires: the page says so, keeps what she types, and does not reconnect.
        awaitState(alice, "signed-out");
        assertTrue(alice.banner().startsWith("Your session expired."), alice.banner());
        alice.type("typed after expiry\n");
        assertTrue(alice.status().matches("session expired — \\d+ edits waiting"), alice.status());
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) alice.page.evaluate("() => window.__statuses");
        assertTrue(seen.stream().noneMatch(s -> s.startsWith("reconnecting")), "no reconnect: " + seen);

        // Carol's page asked its host for a token, got a fresh one and resumed, same identity, new session.
        editor.waitForFunction("s => window.cowrite.sessionId !== s && window.cowrite.client.phase === 'joined'", carolSession);
        assertEquals(List.of(Map.of("type", "cowrite:token-request", "doc", doc)), carol.page.evaluate("() => window.requests"));
        assertEquals(carolClient, editor.evaluate("() => window.cowrite.clientId"), "the identity resumed");
        carol.page.frameLocator("#cowrite").locator(".cm-content").click();
        carol.page.keyboard().press("Control+End");
        carol.type("carol after a new token\n");
        editor.waitForFunction("() => window.cowrite.client.synchronized && window.cowrite.client.pendingEdits === 0");
        assertEquals("saved", editor.evaluate("() => document.querySelector('.status').dataset.state"));
        assertNull(editor.evaluate("() => document.querySelector('.banner:not([hidden])')?.textContent ?? null"));

        // Alice opens the link again with a new token (only the fragment changes: no reload): she is signed
        // in again as the same identity, and what she typed meanwhile is saved.
        String aliceClient = alice.clientId();
        alice.page.navigate("/d/" + doc + "#token=" + token("u-alice", "Alice", doc, LONG, Permission.WRITE));
        Awaits.until(() -> alice.synced() && "saved".equals(alice.statusState()), BrowserPerson.WAIT, "Alice's waiting edits saved");
        assertEquals(aliceClient, alice.clientId());
        assertEquals(fixture.app.base + "/d/" + doc, alice.page.url(), "the new token left the address bar too");
        assertNull(alice.banner());
        String text = StoredDocument.read(fixture.db, doc).text();
        assertEquals(alice.text(), text);
        assertEquals("alice before\ntyped after expiry\ncarol after a new token\n", text);
    }

    /** A host application's page embedding the editor: it hands the editor a fresh token when asked. */
    private static String hostPage(String editorUrl) {
        return "<!doctype html><title>Notes · Host</title><script>"
                + "window.requests = []; window.nextToken = null;"
                + "addEventListener('message', (ev) => {"
                + "  if (!ev.data || ev.data.type !== 'cowrite:token-request') return;"
                + "  window.requests.push(ev.data);"
                + "  if (window.nextToken) ev.source.postMessage({type: 'cowrite:token', token: window.nextToken}, ev.origin);"
                + "});</script>"
                + "<iframe id=\"cowrite\" src=\"" + editorUrl + "\" style=\"width: 900px; height: 500px\"></iframe>";
    }
}
