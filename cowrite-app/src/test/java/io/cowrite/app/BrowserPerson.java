package io.cowrite.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One person in one browser context: a page on Cowrite, with every console error and page error kept. */
final class BrowserPerson implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);
    final String name;
    final BrowserContext context;
    final Page page;
    private final List<String> errors = new ArrayList<>();

    BrowserPerson(Browser browser, String name, String baseUrl, boolean presetName) {
        this.name = name;
        this.context = browser.newContext(new Browser.NewContextOptions().setBaseURL(baseUrl).setViewportSize(1100, 700));
        // The display name is "set once and remembered": pre-set it as if the person had used the landing page.
        if (presetName) {
            context.addInitScript("try { if (!localStorage.getItem('cowrite:name')) localStorage.setItem('cowrite:name', "
                    + jsString(name) + "); } catch (e) {}");
        }
        this.page = context.newPage();
        page.setDefaultTimeout(WAIT.toMillis());
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) errors.add(name + " console: " + m.text() + " at " + m.location());
        });
        page.onPageError(e -> errors.add(name + " page error: " + e));
    }

    static String jsString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Opens a document and waits until the editor has joined it. */
    BrowserPerson open(String doc) {
        page.navigate("/d/" + doc);
        awaitJoined();
        return this;
    }

    void awaitJoined() {
        page.waitForFunction("() => window.cowrite && window.cowrite.client.phase === 'joined'");
    }

    void focusEnd() {
        page.locator(".cm-content").click();
        page.keyboard().press("Control+End");
    }

    void type(String text) {
        page.keyboard().type(text);
    }

    /** A real paste event through CodeMirror's clipboard handling. */
    void paste(String text) {
        page.evaluate("t => { const dt = new DataTransfer(); dt.setData('text/plain', t);"
                + " document.querySelector('.cm-content').dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true})); }", text);
    }

    String text() {
        return (String) page.evaluate("() => window.cowrite.view.state.doc.toString()");
    }

    /** Joined, nothing in flight, nothing buffered. */
    boolean synced() {
        return Boolean.TRUE.equals(page.evaluate("() => window.cowrite.client.phase === 'joined' && window.cowrite.client.synchronized"));
    }

    long version() {
        return ((Number) page.evaluate("() => window.cowrite.client.version ?? -1")).longValue();
    }

    /** The identity the page acts under (issued by the server, kept in localStorage); null before its first welcome. */
    String clientId() {
        return (String) page.evaluate("() => window.cowrite.clientId");
    }

    /** The public session id of the page's current connection (how other people's pages know it). */
    String sessionId() {
        return (String) page.evaluate("() => window.cowrite.sessionId");
    }

    String status() {
        return page.locator(".status").textContent();
    }

    /** The indicator's state (its {@code data-state}: live, saving, saved, rejected, offline, …). */
    String statusState() {
        return page.locator(".status").getAttribute("data-state");
    }

    /** The texts of the notices on show (edits that could not be merged, edits refused as too large). */
    List<String> notices() {
        return page.locator(".notice:not([hidden]) p").allTextContents();
    }

    /** The banner about signing in or access (not signed in, session expired, no access), or null when none is on show. */
    String banner() {
        return page.locator(".banner:not([hidden])").count() == 0 ? null : page.locator(".banner").textContent();
    }

    /** The names on the people chips, as shown ("Ada (you)" for the page's own session). */
    List<String> peerNames() {
        return page.locator(".peer").allTextContents();
    }

    void dismissNotices() {
        while (page.locator(".notice:not([hidden]) button").count() > 0) {
            page.locator(".notice:not([hidden]) button").first().click();
        }
    }

    void screenshot(String file) {
        Path dir = Path.of(System.getProperty("cowrite.screenshots", "target/screenshots"));
        page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(file)));
    }

    List<String> errors() {
        return errors;
    }

    @Override
    public void close() {
        context.close();
    }
}
