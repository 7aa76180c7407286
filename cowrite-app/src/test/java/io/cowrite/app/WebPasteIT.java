package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.WebSocketRoute;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A paste is one user action: it commits whole or not at all, and the page tells the truth about it.
 * Real paste events in Chromium against cowrite.jar with its default limits (a document holds at most
 * 1,000,000 code points; a message is at most 4 MiB), the stored op log read from PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPasteIT {
    static final int MAX_DOC_LENGTH = 1_000_000; // cowrite.max-doc-length, default
    static final String SAVED = "all changes saved";
    static final String NOT_SAVED = "an edit was not saved — see the notice";

    private BrowserFixture fixture;

    @BeforeAll
    void start() throws Exception {
        fixture = BrowserFixture.start("web-paste-it");
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
    void aPasteThatWouldMakeTheDocumentTooLongIsRefusedWholeAndThePageSaysSo() throws Exception {
        String doc = BrowserFixture.newDoc("too-long");
        BrowserPerson ada = fixture.person("Ada").open(doc);
        BrowserPerson bob = fixture.person("Bob").open(doc);
        ada.focusEnd();
        ada.type("a short document\n");
        String before = fixture.converge(doc, ada, bob);

        // 1,000,001 code points (about 1,160,000 UTF-16 units, 1.8 MB of UTF-8): small enough for one message,
        // one code point too many for the document. A client that cuts it in pieces commits the first ones.
        ada.paste(BrowserFixture.mixedText(MAX_DOC_LENGTH + 1));
        Awaits.until(() -> !ada.notices().isEmpty() && ada.synced(), BrowserPerson.WAIT,
                "Ada is told, and nothing of hers is waiting to be sent");
        assertEquals(before.length(), StoredDocument.read(fixture.db, doc).text().length(), "nothing of the paste was committed");
        assertEquals(before, ada.text(), "the paste was not applied in Ada's editor either");
        String notice = String.join("\n", ada.notices());
        assertTrue(notice.contains("too large") && notice.contains("at most 1,000,000 characters")
                && notice.contains("1,000,018"), "notice: " + notice);
        assertEquals("rejected", ada.statusState());
        assertEquals(NOT_SAVED, ada.status());
        ada.screenshot("paste-too-large.png");

        // Her next edit is saved, and the indicator says so again; Bob never saw any of the paste.
        ada.type("typed after");
        assertEquals(before + "typed after", fixture.converge(doc, ada, bob));
        assertEquals(SAVED, ada.status());
    }

    @Test
    void aPasteOfThreeHundredThousandCharactersCommitsAsOneOp() throws Exception {
        String doc = BrowserFixture.newDoc("one-op");
        BrowserPerson ada = fixture.person("Ada").open(doc);
        BrowserPerson bob = fixture.person("Bob").open(doc);
        ada.focusEnd();
        ada.type("start\n");
        String before = fixture.converge(doc, ada, bob);
        long version = ada.version();

        String paste = BrowserFixture.mixedText(300_000);
        ada.paste(paste);
        assertEquals(before + paste, fixture.converge(doc, ada, bob), "Bob sees the whole paste");
        List<TextOp> ops = StoredDocument.opsFrom(fixture.db, doc, version);
        assertEquals(1, ops.size(), "the paste is committed as exactly one op");
        assertTrue(ops.get(0).components().contains(new Component.Insert(paste)), "that op inserts the whole paste");
        assertEquals(SAVED, ada.status());
    }

    @Test
    void anEditTheServerRejectsIsNotReportedAsSaved() throws Exception {
        String doc = BrowserFixture.newDoc("rejected");
        BrowserPerson ada = fixture.person("Ada");
        AtomicBoolean hold = new AtomicBoolean();
        List<String> held = new ArrayList<>();
        AtomicReference<WebSocketRoute> server = new AtomicReference<>();
        // Ada's frames go through a route that can hold back her ops, so that Bob's concurrent edit commits first.
        ada.context.routeWebSocket("**/ws", ws -> {
            WebSocketRoute toServer = ws.connectToServer();
            server.set(toServer);
            ws.onMessage(frame -> {
                if (hold.get() && frame.text().startsWith("{\"type\":\"op\"")) held.add(frame.text());
                else toServer.send(frame.text());
            });
        });
        ada.open(doc);
        BrowserPerson bob = fixture.person("Bob").open(doc);
        ada.focusEnd();
        ada.paste(BrowserFixture.mixedText(MAX_DOC_LENGTH - 10)); // one op that almost fills the document
        fixture.converge(doc, ada, bob);

        // Each adds 8 code points: either alone fits, both do not. Ada's is held until Bob's has committed.
        hold.set(true);
        ada.focusEnd();
        ada.paste("ada-edit");
        ada.page.waitForCondition(() -> held.size() == 1);
        bob.focusEnd();
        bob.paste("bob-edit");
        Awaits.until(() -> bob.synced() && ada.version() == bob.version(), BrowserPerson.WAIT, "Bob's edit committed and at Ada's");
        hold.set(false);
        server.get().send(held.get(0)); // the server transforms it over Bob's: doc_too_large

        Awaits.until(() -> !ada.notices().isEmpty() && ada.synced(), BrowserPerson.WAIT, "Ada's edit rejected, Ada rejoined");
        String text = fixture.converge(doc, ada, bob);
        assertTrue(text.endsWith("bob-edit") && !text.contains("ada-edit"), "Bob's edit committed, Ada's not");
        assertTrue(String.join("\n", ada.notices()).contains("could not be merged"), "the lost-edits notice: " + ada.notices());
        assertEquals("rejected", ada.statusState());
        assertEquals(NOT_SAVED, ada.status());

        ada.dismissNotices();
        assertEquals(SAVED, ada.status());
    }
}
