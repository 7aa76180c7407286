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

    BrowserPerson(Browser browser, String name, String baseUrl) {
        this.name = name;
        this.context = browser.newContext(new Browser.NewContextOptions().setBaseURL(baseUrl).setViewportSize(1100, 700));
        // The display name is "set once and remembered": pre-set it as if the person had used the landing page.
        context.addInitScript("try { if (!localStorage.getItem('cowrite:name')) localStorage.setItem('cowrite:name', "
                + jsString(name) + "); } catch (e) {}");
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

    String clientId() {
        return (String) page.evaluate("() => window.cowrite.clientId");
    }

    String status() {
        return page.locator(".status").textContent();
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
