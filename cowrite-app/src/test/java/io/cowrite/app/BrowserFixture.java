package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the browser tests share: cowrite.jar started as a separate process on a fresh database of the local
 * PostgreSQL, headless Chromium (Debian's /usr/bin/chromium), and the people opened on it, whose console
 * errors and page errors are collected. One fixture per test class; people are closed after each test.
 */
final class BrowserFixture implements AutoCloseable {
    static final Duration CONVERGE = Duration.ofSeconds(60);
    final TestDatabase db;
    final AppProcess app;
    private final Chromium chromium;
    private final List<BrowserPerson> people = new ArrayList<>();

    private BrowserFixture(TestDatabase db, AppProcess app, Chromium chromium) {
        this.db = db;
        this.app = app;
        this.chromium = chromium;
    }

    static BrowserFixture start(String workDir) throws Exception {
        return start(workDir, Map.of());
    }

    /** With extra settings of cowrite.jar (system properties, e.g. {@code cowrite.auth.mode=jwt}). */
    static BrowserFixture start(String workDir, Map<String, String> settings) throws Exception {
        TestDatabase db = TestDatabase.create();
        AppProcess app;
        try {
            app = AppProcess.start(db, Path.of("target", workDir), settings);
        } catch (Exception | AssertionError e) {
            db.close();
            throw e;
        }
        return new BrowserFixture(db, app, Chromium.launch());
    }

    /** A new person in a browser context of their own (own localStorage, own network switch). */
    BrowserPerson person(String name) {
        return add(new BrowserPerson(chromium.browser, name, app.base.toString(), true));
    }

    /** A person who never chose a display name (nothing in localStorage): a first visit. */
    BrowserPerson newcomer(String name) {
        return add(new BrowserPerson(chromium.browser, name, app.base.toString(), false));
    }

    private BrowserPerson add(BrowserPerson p) {
        people.add(p);
        return p;
    }

    /** Closes everyone opened since the last call; returns their console errors and page errors. */
    List<String> closePeople() {
        List<String> errors = new ArrayList<>();
        for (BrowserPerson p : people) {
            errors.addAll(p.errors());
            p.close();
        }
        people.clear();
        return errors;
    }

    static String newDoc(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }

    /** {@code codePoints} code points of mixed Latin, CJK, emoji (one with a skin-tone modifier) and newlines. */
    static String mixedText(int codePoints) {
        String unit = "paste 中文字 😀👍🏽 line\n";
        int perUnit = unit.codePointCount(0, unit.length());
        String text = unit.repeat(codePoints / perUnit + 1);
        return text.substring(0, text.offsetByCodePoints(0, codePoints));
    }

    /** Both editors synchronized at the same version with the same text, which is the text stored in PostgreSQL. */
    String converge(String doc, BrowserPerson a, BrowserPerson b) throws Exception {
        Awaits.until(() -> a.synced() && b.synced() && a.version() == b.version() && a.text().equals(b.text()),
                CONVERGE, a.name + " and " + b.name + " converge on " + doc);
        String text = a.text();
        StoredDocument stored = StoredDocument.read(db, doc);
        assertEquals(a.version(), stored.version(), "stored version of " + doc);
        assertEquals(text, stored.text(), "stored text of " + doc);
        assertFalse(text.contains("\uFFFD"), "no replacement character: no code point was split");
        return text;
    }

    @Override
    public void close() throws Exception {
        closePeople();
        try {
            chromium.close();
        } finally {
            try {
                app.close();
            } finally {
                db.close();
            }
        }
    }
}
