package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.WebSocketRoute;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The browser editor in real Chromium (Debian's /usr/bin/chromium, headless) against cowrite.jar started
 * as a separate process ({@link BrowserFixture}). Every test ends with no console error and no page error in any page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebEditorIT {
    private BrowserFixture fixture;

    @BeforeAll
    void start() throws Exception {
        fixture = BrowserFixture.start("web-it");
    }

    @AfterEach
    void noConsoleErrors() {
        assertEquals(List.of(), fixture.closePeople(), "console errors and page errors");
    }

    @AfterAll
    void stop() throws Exception {
        if (fixture != null) fixture.close();
    }

    private BrowserPerson person(String name) {
        return fixture.person(name);
    }

    private static String newDoc(String prefix) {
        return BrowserFixture.newDoc(prefix);
    }

    private String converge(String doc, BrowserPerson a, BrowserPerson b) throws Exception {
        return fixture.converge(doc, a, b);
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
        String paste = BrowserFixture.mixedText(10_000);
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
    void aPageReloadedWithAnUnackedOpResumesItsIdentityAndTheOpIsStoredOnce() throws Exception {
        String doc = newDoc("unacked");
        BrowserPerson ada = person("Ada");
        AtomicBoolean dropAcks = new AtomicBoolean();
        List<String> hellos = new CopyOnWriteArrayList<>();
        // Ada's socket goes through a route that records her hellos and can drop the acks the server sends her.
        ada.context.routeWebSocket("**/ws", ws -> {
            WebSocketRoute server = ws.connectToServer();
            ws.onMessage(frame -> {
                if (frame.text().startsWith("{\"type\":\"hello\"")) hellos.add(frame.text());
                server.send(frame.text());
            });
            server.onMessage(frame -> {
                if (!dropAcks.get() || !frame.text().startsWith("{\"type\":\"ack\"")) ws.send(frame.text());
            });
        });
        ada.open(doc);
        BrowserPerson bob = person("Bob").open(doc);
        ada.focusEnd();
        ada.type("before\n");
        converge(doc, ada, bob);
        long version = ada.version();
        String clientId = ada.clientId();

        // The paste commits, but its ack never reaches Ada; what she types next waits behind it.
        dropAcks.set(true);
        String paste = "pasted once 中文 😀👍🏽\n";
        ada.paste(paste);
        ada.type("typed after");
        Awaits.until(() -> bob.text().contains(paste), BrowserPerson.WAIT, "the paste committed (Bob has it)");
        Object stored = ada.page.evaluate("k => JSON.parse(localStorage.getItem(k))?.inflight?.seq ?? null",
                "cowrite:doc:" + doc + ":" + clientId);
        assertTrue(stored instanceof Number, "the unacked op is in localStorage under Ada's identity: " + stored);
        assertFalse(ada.synced());

        dropAcks.set(false);
        int before = hellos.size();
        ada.page.reload();
        ada.awaitJoined();
        assertEquals(clientId, ada.clientId(), "the reloaded page resumes the same identity");
        String hello = hellos.get(before);
        assertTrue(hello.contains("\"clientId\":\"" + clientId + "\"") && hello.contains("\"resume\":\""),
                "the hello after the reload asks to resume it with its secret: " + hello);

        String text = converge(doc, ada, bob);
        assertEquals("before\n" + paste + "typed after", text);
        List<TextOp> ops = StoredDocument.opsFrom(fixture.db, doc, version);
        assertEquals(1, ops.stream().filter(op -> op.components().contains(new Component.Insert(paste))).count(),
                "the paste is stored exactly once: " + ops);
        assertTrue(ada.notices().isEmpty(), "nothing was lost: " + ada.notices());
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
        String bobSession = bob.sessionId(); // other people know Bob by his session, never by his client id
        String text = ada.text();
        int expected = text.indexOf("👍🏽") + "👍🏽".length(); // UTF-16 offset in CodeMirror
        Awaits.until(() -> ada.page.locator(".cw-caret[data-session='" + bobSession + "']").count() == 1,
                BrowserPerson.WAIT, "Bob's caret in Ada's editor");
        Awaits.until(() -> caretPos(ada, bobSession) == expected, BrowserPerson.WAIT, "Bob's caret after the emoji");
        assertEquals("Bob", ada.page.locator(".cw-caret[data-session='" + bobSession + "'] .cw-caret-label").textContent());
        assertFalse(ada.page.content().contains(bob.clientId()), "Bob's client id appears nowhere in Ada's page");
        // On screen: the caret stands where the character after "👍🏽" starts.
        double gap = ((Number) ada.page.evaluate("id => { const v = window.cowrite.view;"
                + " const el = document.querySelector(`.cw-caret[data-session='${id}']`);"
                + " const pos = v.posAtDOM(el); const c = v.coordsAtPos(pos, 1);"
                + " return Math.abs(el.getBoundingClientRect().left - c.left); }", bobSession)).doubleValue();
        assertTrue(gap < 4, "caret drawn at the character, off by " + gap + " px");

        // Ada types before Bob's cursor: his caret moves with the text.
        ada.page.keyboard().press("Control+Home");
        ada.type("中文😀 ");
        int moved = ada.text().indexOf("👍🏽") + "👍🏽".length();
        Awaits.until(() -> caretPos(ada, bobSession) == moved, BrowserPerson.WAIT, "Bob's caret moves with Ada's insert");
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

        // 4501 (unauthorized) is terminal until a new token comes (this page has no host to give one):
        // no reconnect, and the indicator and the banner say so.
        socket.get().close(new WebSocketRoute.CloseOptions().setCode(4501).setReason("unauthorized"));
        ada.page.waitForFunction("() => document.querySelector('.status').dataset.state === 'signed-out'");
        assertEquals(Boolean.TRUE, ada.page.evaluate("() => window.cowrite.connection.stopped"));
        assertTrue(ada.banner().startsWith("Your session expired."), ada.banner());
        assertEquals(2, connections.get(), "no reconnect after a terminal close");
    }

    private static int caretPos(BrowserPerson p, String session) {
        Object pos = p.page.evaluate("id => { const el = document.querySelector(`.cw-caret[data-session='${id}']`);"
                + " return el ? window.cowrite.view.posAtDOM(el) : -1; }", session);
        return ((Number) pos).intValue();
    }
}
