package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The admin pages and the landing page's recent documents in real Chromium, against cowrite.jar in the
 * open mode with a known admin token ({@link BrowserFixture}). The admin signs in by pasting the token,
 * finds the document in the list, moves the history slider and sees the old text in the read-only view,
 * sees who is online and exports that version, restores it (another person's open editor takes it live),
 * and undoes one author's edits while another's stay. Every wait is for a condition; every test ends with no console error and no page error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebAdminIT {
    private static final String ADMIN_TOKEN = "web-admin-it-token-0123456789abcdef";
    private BrowserFixture fixture;

    @BeforeAll
    void start() throws Exception {
        fixture = BrowserFixture.start("web-admin-it", Map.of("cowrite.auth.admin-token", ADMIN_TOKEN));
    }

    @AfterEach
    void noConsoleErrors() {
        assertEquals(List.of(), fixture.closePeople(), "console errors and page errors");
    }

    @AfterAll
    void stop() throws Exception {
        if (fixture != null) fixture.close();
    }

    @Test
    void theLandingPageListsADocumentOpenedBeforeAndEachCanBeRemoved() throws Exception {
        String first = BrowserFixture.newDoc("recent-a");
        String second = BrowserFixture.newDoc("recent-b");
        BrowserPerson ada = fixture.person("Ada").open(first);
        ada.focusEnd();
        ada.type("Shopping list\nmilk, eggs");
        Awaits.until(ada::synced, BrowserPerson.WAIT, "Ada's text saved");
        ada.open(second); // the first one's title is kept when its page goes

        ada.page.navigate("/");
        Locator items = ada.page.locator(".recent-list li");
        items.first().waitFor();
        assertEquals(List.of(second, first), items.evaluateAll("els => els.map(e => e.dataset.doc)"), "newest first");
        assertEquals("Shopping list", ada.page.locator(".recent-list li[data-doc='" + first + "'] .recent-title").textContent());
        ada.screenshot("admin-landing-recent.png");

        ada.page.locator(".recent-list li[data-doc='" + second + "'] .recent-remove").click();
        ada.page.locator(".recent-list li[data-doc='" + second + "']").waitFor(
                new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
        ada.page.reload();
        ada.page.locator(".recent-list li[data-doc='" + first + "']").waitFor();
        assertEquals(0, ada.page.locator(".recent-list li[data-doc='" + second + "']").count(), "removed for good");

        // The listed link opens the document again, with its text.
        ada.page.locator(".recent-list li[data-doc='" + first + "'] a").click();
        ada.page.waitForURL("**/d/" + first);
        ada.awaitJoined();
        Awaits.until(() -> ada.text().equals("Shopping list\nmilk, eggs"), BrowserPerson.WAIT, "the document's text");
    }

    @Test
    void anAdminMovesTheSliderAndSeesTheOldTextThenRestoresItIntoAnotherPersonsOpenEditor() throws Exception {
        String doc = BrowserFixture.newDoc("admin-restore");
        BrowserPerson ada = fixture.person("Ada").open(doc);
        BrowserPerson bob = fixture.person("Bob").open(doc);
        ada.focusEnd();
        ada.type("Dear team,");
        fixture.converge(doc, ada, bob);
        long early = ada.version();
        ada.type(" the party is cancelled 😀");
        String now = fixture.converge(doc, ada, bob);

        BrowserPerson admin = signedInAdmin();
        admin.page.locator(".admin-search input[name='prefix']").fill(doc.substring(0, doc.length() - 2));
        admin.page.locator(".admin-search button[type='submit']").click();
        Awaits.until(() -> admin.page.locator(".admin-docs tbody tr").evaluateAll("rs => rs.map(r => r.dataset.doc)")
                .equals(List.of(doc)), BrowserPerson.WAIT, "the search by prefix finds " + doc + " only");
        admin.page.locator(".admin-docs tr[data-doc='" + doc + "'] a").click();
        admin.page.waitForURL("**/admin/d/" + doc);
        awaitShown(admin, ada.version());
        assertEquals(now, adminText(admin), "the slider starts at the text now");
        assertEquals("true", admin.page.locator(".history-text .cm-content").getAttribute("aria-readonly"));
        assertEquals("false", admin.page.locator(".history-text .cm-content").getAttribute("contenteditable"), "read-only view");

        admin.page.locator(".history-slider").fill(Long.toString(early));
        awaitShown(admin, early);
        assertEquals("Dear team,", adminText(admin), "the text at the earlier version");
        assertTrue(admin.page.locator(".slider-caption").textContent().contains("Ada"), "the caption names the author");
        admin.screenshot("admin-slider-old-text.png");

        // Who is online now (presence-service, on the same port in the single process), and the export.
        Awaits.until(() -> admin.page.locator(".online-people .peer").allTextContents().equals(List.of("Ada", "Bob")),
                BrowserPerson.WAIT, "Ada and Bob online: " + admin.page.locator(".online").textContent());
        Download download = admin.page.waitForDownload(() -> admin.page.locator(".export").click());
        assertEquals(doc + "-v" + early + ".txt", download.suggestedFilename());
        assertEquals("Dear team,", Files.readString(download.path()), "the export is the slider's version");

        // Restore to the slider's version: the dialog previews the change first; nothing moves before Commit.
        long before = ada.version();
        admin.page.locator(".restore").click();
        Locator dialog = admin.page.locator("dialog.confirm[data-step='confirming']");
        dialog.waitFor();
        assertTrue(dialog.locator("del").allTextContents().stream().anyMatch(t -> t.contains("cancelled")),
                "the preview strikes through what the restore takes out");
        assertEquals(before, bob.version(), "a preview commits nothing");
        admin.screenshot("admin-restore-preview.png");
        dialog.locator(".confirm-commit").click();
        admin.page.locator("dialog.confirm[data-step='done']").waitFor();
        Awaits.until(() -> bob.text().equals("Dear team,"), BrowserFixture.CONVERGE, "Bob's open editor takes the restore live");
        assertEquals("Dear team,", fixture.converge(doc, ada, bob));
        assertEquals(before + 1, bob.version(), "one new forward op: nothing in history rewritten");
        admin.page.locator("dialog.confirm .confirm-cancel").click();
        // The timeline ends at the new head; there the text is the restored one.
        admin.page.waitForFunction("v => window.cowriteAdmin.head === v", (double) (before + 1));
        admin.page.locator(".history-slider").fill(Long.toString(before + 1));
        awaitShown(admin, before + 1);
        assertEquals("Dear team,", adminText(admin));
    }

    @Test
    void undoingOneAuthorKeepsTheOtherAuthorsEdits() throws Exception {
        String doc = BrowserFixture.newDoc("admin-undo");
        BrowserPerson ada = fixture.person("Ada").open(doc);
        BrowserPerson mallory = fixture.person("Mallory").open(doc);
        ada.focusEnd();
        ada.type("Minutes of Monday.\n");
        fixture.converge(doc, ada, mallory);
        mallory.focusEnd();
        mallory.type("BUY CHEAP WATCHES\n");
        fixture.converge(doc, ada, mallory);
        ada.focusEnd();
        ada.type("Next meeting: Friday.");
        String now = fixture.converge(doc, ada, mallory);
        assertEquals("Minutes of Monday.\nBUY CHEAP WATCHES\nNext meeting: Friday.", now);

        BrowserPerson admin = signedInAdmin();
        admin.page.navigate("/admin/d/" + doc);
        awaitShown(admin, ada.version());
        admin.page.locator(".changes select[name='author'] option[value='Mallory']").waitFor(
                new Locator.WaitForOptions().setState(WaitForSelectorState.ATTACHED));
        // The diff over the whole history shows each author's text in their own color.
        admin.page.locator(".changes input[name='from']").fill("0");
        admin.page.locator(".changes input[name='to']").fill(Long.toString(ada.version()));
        admin.page.locator(".show-diff").click();
        Locator mallorysInsert = admin.page.locator(".changes .diff ins[data-author='Mallory']");
        mallorysInsert.first().waitFor();
        String adaColor = (String) admin.page.locator(".changes .diff ins[data-author='Ada']").first()
                .evaluate("e => getComputedStyle(e).color");
        String malloryColor = (String) mallorysInsert.first().evaluate("e => getComputedStyle(e).color");
        assertFalse(adaColor.equals(malloryColor), "authors by color: " + adaColor + " vs " + malloryColor);

        admin.page.locator(".changes select[name='author']").selectOption("Mallory");
        admin.page.locator(".undo").click();
        Locator dialog = admin.page.locator("dialog.confirm[data-step='confirming']");
        dialog.waitFor();
        assertTrue(dialog.locator("del").allTextContents().stream().anyMatch(t -> t.contains("BUY CHEAP WATCHES")),
                "the preview takes Mallory's line out");
        admin.screenshot("admin-undo-preview.png");
        dialog.locator(".confirm-commit").click();
        admin.page.locator("dialog.confirm[data-step='done']").waitFor();
        String expected = "Minutes of Monday.\nNext meeting: Friday.";
        Awaits.until(() -> ada.text().equals(expected) && mallory.text().equals(expected), BrowserFixture.CONVERGE,
                "both open editors lose Mallory's line and keep Ada's");
        assertEquals(expected, fixture.converge(doc, ada, mallory));
    }

    @Test
    void aRefusedTokenSaysSoAndAsksAgain() {
        BrowserPerson admin = fixture.person("Admin");
        admin.page.navigate("/admin");
        admin.page.locator("#admin-token").fill("not-the-admin-token");
        admin.page.locator(".admin-sign-in button[type='submit']").click();
        admin.page.locator(".banner[data-status='401']").waitFor();
        assertTrue(admin.page.locator(".banner").textContent().contains("admin token was refused"));
        admin.page.locator("#admin-token").waitFor();
        assertNull(admin.page.evaluate("() => sessionStorage.getItem('cowrite:admin-token')"), "a refused token is forgotten");
        // 401 is expected here: the browser logs the failed request itself, which is no error of the page.
        admin.errors().removeIf(e -> e.contains("401"));
    }

    /** A new admin page: /admin, the token pasted once, the documents list on show. */
    private BrowserPerson signedInAdmin() {
        BrowserPerson admin = fixture.person("Admin");
        admin.page.navigate("/admin");
        admin.page.locator("#admin-token").fill(ADMIN_TOKEN);
        admin.page.locator(".admin-sign-in button[type='submit']").click();
        admin.page.locator(".admin-docs").waitFor();
        assertEquals(ADMIN_TOKEN, admin.page.evaluate("() => sessionStorage.getItem('cowrite:admin-token')"),
                "kept for the tab; never in a URL");
        assertFalse(admin.page.url().contains(ADMIN_TOKEN));
        return admin;
    }

    private static void awaitShown(BrowserPerson admin, long version) {
        admin.page.waitForFunction("v => window.cowriteAdmin && window.cowriteAdmin.shownVersion === v", (double) version,
                new Page.WaitForFunctionOptions().setPollingInterval(50));
    }

    private static String adminText(BrowserPerson admin) {
        return (String) admin.page.evaluate("() => window.cowriteAdmin.view.state.doc.toString()");
    }
}
