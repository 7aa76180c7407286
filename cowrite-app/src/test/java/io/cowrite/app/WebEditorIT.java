package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.WebSocketRoute;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The browser editor in real Chromium (Debian's /usr/bin/chromium, headless) against cowrite.jar started
 * as a separate process. Every test ends with no console error and no page error in any page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebEditorIT {
    static final Duration CONVERGE = Duration.ofSeconds(60);
    static final String CHROMIUM = System.getProperty("cowrite.chromium", "/usr/bin/chromium");

    private TestDatabase db;
    private AppProcess app;
    private Playwright playwright;
    private Browser browser;
    private final List<BrowserPerson> people = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        db = TestDatabase.create();
        app = AppProcess.start(db, Path.of("target", "web-it"));
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(CHROMIUM))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    @AfterEach
    void noConsoleErrors() {
        List<String> errors = new ArrayList<>();
        for (BrowserPerson p : people) {
            errors.addAll(p.errors());
            p.close();
        }
        people.clear();
        assertEquals(List.of(), errors, "console errors and page errors");
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        if (app != null) app.close();
        if (db != null) db.close();
    }

    private BrowserPerson person(String name) {
        BrowserPerson p = new BrowserPerson(browser, name, app.base.toString());
        people.add(p);
        return p;
    }

    private static String newDoc(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }

    /** Both editors synchronized at the same version with the same text, which is the text stored in PostgreSQL. */
    private String converge(String doc, BrowserPerson a, BrowserPerson b) throws Exception {
        Awaits.until(() -> a.synced() && b.synced() && a.version() == b.version() && a.text().equals(b.text()),
                CONVERGE, a.name + " and " + b.name + " converge on " + doc);
        String text = a.text();
        StoredDocument stored = StoredDocument.read(db, doc);
        assertEquals(a.version(), stored.version(), "stored version of " + doc);
        assertEquals(text, stored.text(), "stored text of " + doc);
        assertFalse(text.contains("\uFFFD"), "no replacement character: no code point was split");
        return text;
    }

    /** 10,000 code points of mixed Latin, CJK, emoji and newlines. */
    private static String bigPaste() {
        String unit = "paste 中文字 😀👍🏽 line\n";
        StringBuilder sb = new StringBuilder();
        while (sb.codePointCount(0, sb.length()) < 10_000) sb.append(unit);
        return sb.substring(0, sb.offsetByCodePoints(0, 10_000));
    }

    @Test
    void twoPeopleTypeConcurrentlyWithEmojiCjkAndABigPasteAndConverge() throws Exception {
        BrowserPerson ada = person("Ada");
        ada.page.navigate("/");
        ada.page.locator("#name").fill("Ada");
        ada.page.locator("#create").click();
        ada.page.waitForURL("**/d/*");
        ada.awaitJoined();
        String doc = ada.page.url().substring(ada.page.url().lastIndexOf("/d/") + 3);
        BrowserPerson bob = person("Bob").open(doc);

        ada.focusEnd();
        bob.focusEnd();
        for (int i = 0; i < 6; i++) {
            ada.type("Ada " + i + " 😀👍🏽 ");
            bob.type("Bob " + i + " 中文字 ");
            if (i == 2) bob.page.keyboard().press("Control+Home"); // then Bob writes at the top, Ada at her place
        }
        String paste = bigPaste();
        ada.paste(paste);
        bob.type("while Ada pastes 🎉 ");
        String text = converge(doc, ada, bob);

        assertTrue(text.contains(paste), "the 10,000 code point paste arrived whole");
        for (int i = 0; i < 6; i++) {
            assertTrue(text.contains("Ada " + i + " 😀👍🏽 "), "Ada's edit " + i);
            assertTrue(text.contains("Bob " + i + " 中文字 "), "Bob's edit " + i);
        }
        assertTrue(text.contains("while Ada pastes 🎉 "));
        assertEquals("all changes saved", ada.status());
        ada.page.keyboard().press("Control+Home");
        Awaits.until(() -> ada.page.locator(".peer").count() == 2 && bob.page.locator(".cw-caret").count() == 1,
                BrowserPerson.WAIT, "both people listed, Ada's cursor shown to Bob");
        ada.screenshot("two-people-ada.png");
        bob.screenshot("two-people-bob.png");
        bob.page.setViewportSize(390, 844); // a phone
        bob.screenshot("two-people-bob-phone.png");
    }

    @Test
    void offlineEditsAreKeptAndMergedWhenBackOnline() throws Exception {
        String doc = newDoc("offline");
        BrowserPerson ada = person("Ada").open(doc);
        BrowserPerson bob = person("Bob").open(doc);
        ada.focusEnd();
        ada.type("shared start\n");
        converge(doc, ada, bob);

        bob.context.setOffline(true);
        Awaits.until(() -> bob.status().startsWith("offline"), BrowserPerson.WAIT, "Bob sees he is offline");
        bob.focusEnd();
        for (int i = 0; i < 5; i++) {
            bob.type("bob offline " + i + " 👍🏽\n");
            ada.type("ada online " + i + " 中文\n");
        }
        Awaits.until(() -> bob.status().matches("offline — \\d+ edits? waiting"), BrowserPerson.WAIT,
                "Bob's indicator counts his waiting edits");
        assertFalse(ada.text().contains("bob offline"), "nothing of Bob's arrives while he is offline");

        bob.context.setOffline(false);
        String text = converge(doc, ada, bob);
        for (int i = 0; i < 5; i++) {
            assertTrue(text.contains("bob offline " + i + " 👍🏽\n"), "Bob's offline edit " + i);
            assertTrue(text.contains("ada online " + i + " 中文\n"), "Ada's edit " + i);
        }
    }

    @Test
    void editsMadeOfflineSurviveAReloadWhileOffline() throws Exception {
        String doc = newDoc("reload");
        BrowserPerson ada = person("Ada").open(doc);
        BrowserPerson bob = person("Bob").open(doc);
        ada.focusEnd();
        ada.type("before 😀\n");
        converge(doc, ada, bob);
        // The app shell must be cached by the service worker for the page to load offline.
        ada.page.waitForFunction("() => navigator.serviceWorker.controller !== null");

        ada.context.setOffline(true);
        Awaits.until(() -> ada.status().startsWith("offline"), BrowserPerson.WAIT, "Ada sees she is offline");
        ada.focusEnd();
        ada.type("typed offline 中文 👍🏽\n");
        bob.type("bob meanwhile\n");
        String clientId = ada.clientId();

        ada.page.reload();
        ada.page.waitForFunction("() => window.cowrite !== undefined");
        assertTrue(ada.text().contains("typed offline 中文 👍🏽\n"), "the offline edit is back after the reload");
        assertEquals(clientId, ada.clientId(), "the reloaded tab resumes as the same client");
        Awaits.until(() -> ada.status().matches("offline — \\d+ edits? waiting"), BrowserPerson.WAIT,
                "still offline after the reload, edits waiting");

        ada.context.setOffline(false);
        String text = converge(doc, ada, bob);
        assertTrue(text.contains("typed offline 中文 👍🏽\n"));
        assertTrue(text.contains("bob meanwhile\n"));
        assertTrue(text.contains("before 😀\n"));
        assertEquals(text.indexOf("typed offline"), text.lastIndexOf("typed offline"), "applied once");
    }

    @Test
    void aRemoteCursorIsShownNextToTheRightCharacter() throws Exception {
        String doc = newDoc("cursor");
        BrowserPerson ada = person("Ada").open(doc);
        BrowserPerson bob = person("Bob").open(doc);
        ada.focusEnd();
        ada.type("Trip to Kyoto 京都 🚄\n- Day 1: temples, then ramen 🍜\n- Day 2: bamboo forest 👍🏽 end");
        converge(doc, ada, bob);

        // Bob puts his cursor right after "👍🏽" (before " end"): emoji before it on both lines.
        bob.focusEnd();
        for (int i = 0; i < 4; i++) bob.page.keyboard().press("ArrowLeft");
        String bobId = bob.clientId();
        String text = ada.text();
        int expected = text.indexOf("👍🏽") + "👍🏽".length(); // UTF-16 offset in CodeMirror
        Awaits.until(() -> ada.page.locator(".cw-caret[data-client='" + bobId + "']").count() == 1,
                BrowserPerson.WAIT, "Bob's caret in Ada's editor");
        Awaits.until(() -> caretPos(ada, bobId) == expected, BrowserPerson.WAIT, "Bob's caret after the emoji");
        assertEquals("Bob", ada.page.locator(".cw-caret[data-client='" + bobId + "'] .cw-caret-label").textContent());
        // On screen: the caret stands where the character after "👍🏽" starts.
        double gap = ((Number) ada.page.evaluate("id => { const v = window.cowrite.view;"
                + " const el = document.querySelector(`.cw-caret[data-client='${id}']`);"
                + " const pos = v.posAtDOM(el); const c = v.coordsAtPos(pos, 1);"
                + " return Math.abs(el.getBoundingClientRect().left - c.left); }", bobId)).doubleValue();
        assertTrue(gap < 4, "caret drawn at the character, off by " + gap + " px");

        // Ada types before Bob's cursor: his caret moves with the text.
        ada.page.keyboard().press("Control+Home");
        ada.type("中文😀 ");
        int moved = ada.text().indexOf("👍🏽") + "👍🏽".length();
        Awaits.until(() -> caretPos(ada, bobId) == moved, BrowserPerson.WAIT, "Bob's caret moves with Ada's insert");
        converge(doc, ada, bob);
        Awaits.until(() -> bob.page.locator(".cw-caret").count() == 1, BrowserPerson.WAIT, "Ada's caret in Bob's editor");
        // Bob selects the emoji (one grapheme, two code points, four UTF-16 units): Ada sees exactly it highlighted.
        bob.page.keyboard().press("Shift+ArrowLeft");
        Awaits.until(() -> String.join("", ada.page.locator(".cw-selection").allTextContents()).equals("👍🏽"),
                BrowserPerson.WAIT, "Bob's selection of the emoji shown to Ada");
        ada.screenshot("cursor-ada.png");
        bob.screenshot("cursor-bob.png");
    }

    @Test
    void closeCodesDriveReconnectsAndTheIndicatorTellsTheTruth() throws Exception {
        String doc = newDoc("closes");
        BrowserPerson ada = person("Ada");
        AtomicReference<WebSocketRoute> socket = new AtomicReference<>();
        AtomicInteger connections = new AtomicInteger();
        // Every WebSocket goes through a route that forwards both ways, so the test can close it with any code.
        ada.context.routeWebSocket("**/ws", ws -> {
            connections.incrementAndGet();
            socket.set(ws);
            ws.connectToServer();
        });
        ada.context.addInitScript("addEventListener('DOMContentLoaded', () => { window.__statuses = [];"
                + " new MutationObserver(() => { const s = document.querySelector('.status');"
                + " if (s && window.__statuses.at(-1) !== s.textContent) window.__statuses.push(s.textContent); })"
                + ".observe(document.body, {subtree: true, childList: true, characterData: true}); });");
        ada.open(doc);
        BrowserPerson bob = person("Bob").open(doc);
        ada.focusEnd();
        ada.type("one ");
        converge(doc, ada, bob);

        // 4002 (timeout) is transient: reconnect with backoff and resume; the edit typed meanwhile arrives.
        socket.get().close(new WebSocketRoute.CloseOptions().setCode(4002).setReason("timeout"));
        ada.type("two ");
        String text = converge(doc, ada, bob);
        assertEquals("one two ", text);
        assertEquals(2, connections.get(), "one reconnect");
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) ada.page.evaluate("() => window.__statuses");
        assertTrue(seen.stream().anyMatch(s -> s.matches("reconnecting in \\d+ s.*")), "indicator showed the reconnect: " + seen);
        assertEquals("all changes saved", ada.status());

        // 4501 (unauthorized) is terminal: no reconnect, and the indicator says so.
        socket.get().close(new WebSocketRoute.CloseOptions().setCode(4501).setReason("unauthorized"));
        ada.page.waitForFunction("() => document.querySelector('.status').dataset.state === 'stopped'");
        assertEquals(Boolean.TRUE, ada.page.evaluate("() => window.cowrite.connection.stopped"));
        assertEquals(2, connections.get(), "no reconnect after a terminal close");
    }

    private static int caretPos(BrowserPerson p, String clientId) {
        Object pos = p.page.evaluate("id => { const el = document.querySelector(`.cw-caret[data-client='${id}']`);"
                + " return el ? window.cowrite.view.posAtDOM(el) : -1; }", clientId);
        return ((Number) pos).intValue();
    }
}
