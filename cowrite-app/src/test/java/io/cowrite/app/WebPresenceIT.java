package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Presence in the web page across two editor nodes, in real Chromium: Ada's page is served by editor node 0,
 * Bob's by node 1, with presence-service beside them ({@link NodeCluster}). Each sees the other in the people
 * list and the other's caret at the right character; a caret's name label shows after its owner moved it
 * and hides again, and shows on hover. When presence-service stops, both pages say that presence is
 * unavailable while edits are still saved; when it is back, the note goes and both are listed. When Ada
 * closes her page, Bob's list drops her and her caret. Every wait is for a condition, never for a time.
 */
class WebPresenceIT {
    /** node-ttl (10 s) without a beacon to notice the outage; a JVM start and its warm-up (node-ttl) to end it. */
    private static final Duration OUTAGE = Duration.ofSeconds(120);
    private static final String NOTE = "presence unavailable — editing continues";

    @Test
    void peopleCaretsLabelsAndAPresenceOutageAcrossTwoNodes() throws Exception {
        try (NodeCluster cluster = NodeCluster.start("webpresence", "nats://127.0.0.1:4222", 1, 2, i -> Map.of());
             Chromium chromium = Chromium.launch()) {
            BrowserPerson ada = new BrowserPerson(chromium.browser, "Ada", base(cluster, 0), true);
            BrowserPerson bob = new BrowserPerson(chromium.browser, "Bob", base(cluster, 1), true);
            try {
                scenario(cluster, ada, bob);
            } catch (Throwable t) {
                ada.screenshot("presence-failed-ada.png");
                bob.screenshot("presence-failed-bob.png");
                System.out.println(cluster.problems());
                throw t;
            } finally {
                ada.close();
                bob.close();
            }
        }
    }

    private static void scenario(NodeCluster cluster, BrowserPerson ada, BrowserPerson bob) throws Exception {
        String doc = BrowserFixture.newDoc("presence");
        Awaits.until(() -> presenceWarm(cluster), OUTAGE, Duration.ofMillis(250), "presence-service warm");
        ada.open(doc);
        bob.open(doc);
        String adaSession = ada.sessionId();
        // Until a node has heard presence-service's first beacon it may hold it unavailable: wait that out.
        for (BrowserPerson p : List.of(ada, bob)) awaitNote(p, "", OUTAGE);
        awaitPeople(ada, List.of("Ada (you)", "Bob"), BrowserPerson.WAIT);
        awaitPeople(bob, List.of("Ada", "Bob (you)"), BrowserPerson.WAIT);

        // Ada writes, then puts her cursor right after "京都" (UTF-16 offset 8; CodeMirror counts UTF-16).
        ada.focusEnd();
        ada.type("Kyoto 京都 🚄 trip plan");
        awaitSaved(cluster, doc, ada, bob);
        awaitStatus(ada, "saved");
        Locator label = bob.page.locator(".cw-caret[data-session='" + adaSession + "'] .cw-caret-label");
        label.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN)); // her earlier moves have faded
        recordLabel(bob, adaSession);
        ada.page.keyboard().press("Control+Home");
        for (int i = 0; i < 8; i++) ada.page.keyboard().press("ArrowRight");
        Awaits.until(() -> caretPos(bob, adaSession) == 8, BrowserPerson.WAIT, "Ada's caret after 京都 in Bob's editor");
        assertEquals("Kyoto 京都", bob.text().substring(0, 8), "the characters before Ada's caret in Bob's editor");
        assertEquals("Ada", label.textContent());

        // The label came when she moved and went by itself (the page's own record: no polling can miss it).
        bob.page.waitForFunction("() => window.__label.length >= 2", null, poll(BrowserPerson.WAIT));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> seen = (List<Map<String, Object>>) bob.page.evaluate("() => window.__label");
        assertEquals(List.of(true, false), seen.stream().limit(2).map(e -> e.get("shown")).toList(), "label shown, then hidden: " + seen);
        System.out.printf("WebPresenceIT: Ada's label was on show for %.0f ms after her last move reached Bob%n",
                ((Number) seen.get(1).get("at")).doubleValue() - ((Number) seen.get(0).get("at")).doubleValue());
        assertTrue(label.isHidden(), "hidden again");
        // Hovering her caret shows it; moving away hides it.
        bob.page.locator(".cw-caret[data-session='" + adaSession + "']").hover();
        label.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));
        bob.screenshot("presence-label-on-hover-bob.png");
        bob.page.mouse().move(1, 1);
        label.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));

        // presence-service stops: both pages say so, and edits are still saved.
        long stopped = System.nanoTime();
        cluster.presence.close();
        for (BrowserPerson p : List.of(ada, bob)) awaitNote(p, NOTE, OUTAGE);
        System.out.printf("WebPresenceIT: both pages showed the note %d ms after presence-service stopped%n",
                (System.nanoTime() - stopped) / 1_000_000);
        assertEquals("status", bob.page.locator(".presence-note").getAttribute("role"), "the note is announced");
        bob.screenshot("presence-unavailable-bob.png");
        ada.focusEnd();
        ada.type(" — Ada while presence is down");
        awaitSaved(cluster, doc, ada, bob);
        bob.focusEnd();
        bob.type(" — Bob too");
        String text = awaitSaved(cluster, doc, ada, bob);
        assertEquals("Kyoto 京都 🚄 trip plan — Ada while presence is down — Bob too", text);
        for (BrowserPerson p : List.of(ada, bob)) awaitStatus(p, "saved");
        for (BrowserPerson p : List.of(ada, bob)) assertEquals(NOTE, note(p), p.name + " still sees the note");

        // presence-service is back: the note goes, and both people are listed.
        long started = System.nanoTime();
        cluster.startPresenceAgain();
        for (BrowserPerson p : List.of(ada, bob)) awaitNote(p, "", OUTAGE);
        System.out.printf("WebPresenceIT: the note cleared on both pages %d ms after presence-service was started again%n",
                (System.nanoTime() - started) / 1_000_000);
        awaitPeople(ada, List.of("Ada (you)", "Bob"), BrowserPerson.WAIT);
        awaitPeople(bob, List.of("Ada", "Bob (you)"), BrowserPerson.WAIT);

        // Ada closes her page: Bob's list drops her (peer_left from the other node), and her caret with her.
        List<String> errors = new ArrayList<>(ada.errors());
        ada.close();
        awaitPeople(bob, List.of("Bob (you)"), BrowserPerson.WAIT);
        bob.page.locator(".cw-caret[data-session='" + adaSession + "']").waitFor(
                new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
        errors.addAll(bob.errors());
        assertEquals(List.of(), errors, "console errors and page errors");
    }

    private static String base(NodeCluster cluster, int node) {
        return "http://127.0.0.1:" + cluster.editors.get(node).port;
    }

    private static Page.WaitForFunctionOptions poll(Duration timeout) {
        return new Page.WaitForFunctionOptions().setPollingInterval(50).setTimeout(timeout.toMillis());
    }

    /** Waits until the page lists exactly these people (chip texts, in any order). */
    private static void awaitPeople(BrowserPerson p, List<String> names, Duration timeout) {
        List<String> sorted = names.stream().sorted().toList();
        Awaits.until(() -> p.peerNames().stream().sorted().toList().equals(sorted), timeout,
                p.name + " lists " + sorted + " (lists " + p.peerNames() + ")");
    }

    private static String note(BrowserPerson p) {
        return p.page.locator(".presence-note").textContent();
    }

    /** Waits until the presence note says {@code text} ("" when presence is available). */
    private static void awaitNote(BrowserPerson p, String text, Duration timeout) {
        p.page.waitForFunction("t => document.querySelector('.presence-note').textContent === t", text, poll(timeout));
        assertEquals(!text.isEmpty(), p.page.locator(".presence-note").isVisible(), p.name + "'s note is on show iff it says something");
    }

    /** Both editors synchronized on the same text, which is the text saved in PostgreSQL. */
    private static String awaitSaved(NodeCluster cluster, String doc, BrowserPerson a, BrowserPerson b) throws Exception {
        Awaits.until(() -> a.synced() && b.synced() && a.version() == b.version() && a.text().equals(b.text()),
                BrowserFixture.CONVERGE, a.name + " and " + b.name + " converge on " + doc);
        String text = a.text();
        StoredDocument stored = StoredDocument.read(cluster.db, doc);
        assertEquals(a.version(), stored.version(), "stored version of " + doc);
        assertEquals(text, stored.text(), "stored text of " + doc);
        return text;
    }

    /** Waits until the connection indicator is in {@code state} ("saved": "all changes saved"). */
    private static void awaitStatus(BrowserPerson p, String state) {
        Awaits.until(() -> state.equals(p.statusState()), BrowserPerson.WAIT, p.name + "'s indicator says " + state
                + " (says " + p.status() + ")");
    }

    private static boolean presenceWarm(NodeCluster cluster) {
        try {
            return cluster.presenceWarm();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Keeps, in the page, every time the label of {@code session}'s caret appears or disappears (without hover),
     * so that the test sees a 3 s label however late it looks.
     */
    private static void recordLabel(BrowserPerson p, String session) {
        p.page.evaluate("id => { window.__label = [];"
                + " const shown = () => { const l = document.querySelector(`.cw-caret[data-session='${id}'] .cw-caret-label`);"
                + "   return l !== null && getComputedStyle(l).display !== 'none'; };"
                + " let last = shown();"
                + " new MutationObserver(() => { const now = shown();"
                + "   if (now !== last) { last = now; window.__label.push({shown: now, at: performance.now()}); } })"
                + " .observe(document.querySelector('.cm-content'), {subtree: true, childList: true, attributes: true}); }", session);
    }

    private static int caretPos(BrowserPerson p, String session) {
        Object pos = p.page.evaluate("id => { const el = document.querySelector(`.cw-caret[data-session='${id}']`);"
                + " return el ? window.cowrite.view.posAtDOM(el) : -1; }", session);
        return ((Number) pos).intValue();
    }
}
