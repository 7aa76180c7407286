package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cowrite.client.DocumentClient;
import io.cowrite.editor.doc.DocumentMetrics;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * No ack before the commit: an editor node and history-service talk over real NATS (two contexts in
 * this JVM, each with only its own service's environment). While history-service is down, edits are
 * not acked; when a history-service comes back, they are, and PostgreSQL holds each exactly once.
 */
class HistoryOutageIT {

    private static Map<String, Object> common(TestDatabase db, String prefix) {
        Map<String, Object> p = new HashMap<>();
        p.put("micronaut.server.port", -1);
        p.put("cowrite.bus.type", "nats");
        p.put("cowrite.bus.nats-url", "nats://127.0.0.1:4222");
        p.put("cowrite.bus.prefix", prefix);
        p.put("cowrite.editor.history-timeout", "1s");
        p.put("datasources.default.url", db.url);
        return p;
    }

    private static ApplicationContext history(TestDatabase db, String prefix) {
        return ApplicationContext.builder(common(db, prefix)).environments("history").start();
    }

    @Test
    void editsWaitUnackedWhileHistoryIsDownAndCommitOnceWhenItReturns() throws Exception {
        String prefix = "outage" + UUID.randomUUID().toString().substring(0, 8);
        try (TestDatabase db = TestDatabase.create()) {
            ApplicationContext history = history(db, prefix);
            Map<String, Object> editorProps = common(db, prefix);
            editorProps.remove("datasources.default.url"); // the editor node has no database
            try (ApplicationContext editor = ApplicationContext.builder(editorProps).environments("editor").start()) {
                EmbeddedServer server = editor.getBean(EmbeddedServer.class);
                server.start();
                // ready as /health says: the node has its identity key (asked of history-service over the bus)
                Awaits.until(editor.getBean(io.cowrite.editor.identity.ClientIdentity.class)::ready, Duration.ofSeconds(30),
                        "the editor's identity key");
                URI ws = URI.create("ws://127.0.0.1:" + server.getPort() + "/ws");
                try (TestClient a = new TestClient(ws, "outage-a").connect()) {
                    DocumentClient doc = a.join("outage");
                    doc.edit(TextOp.of(new Component.Insert("before ")));
                    Awaits.until(doc::isSynchronized, Duration.ofSeconds(10), "first edit acked");

                    history.close(); // history-service goes away
                    DocumentMetrics metrics = editor.getBean(DocumentMetrics.class);
                    long refusedBefore = metrics.unavailable.sum();
                    doc.edit(TextOp.of(new Component.Skip(7), new Component.Insert("during")));
                    doc.edit(TextOp.of(new Component.Skip(13), new Component.Insert(" outage")));
                    // The client resends with backoff; wait until several attempts were refused. None may ack.
                    Awaits.until(() -> metrics.unavailable.sum() - refusedBefore >= 3, Duration.ofSeconds(30),
                            "three submits refused as unavailable");
                    assertFalse(doc.isSynchronized(), "an edit was acked while history-service was down");
                    assertEquals(1, doc.acked());

                    history = history(db, prefix); // a history-service comes back
                    DocumentClient d = doc;
                    Awaits.until(d::isSynchronized, Duration.ofSeconds(30), "edits acked after history returned");
                    a.assertHealthy();
                    assertEquals("before during outage", doc.text());
                    StoredDocument stored = StoredDocument.read(db, "outage");
                    assertEquals(doc.text(), stored.text());
                    assertEquals(doc.version(), stored.version());
                }
            } finally {
                history.close();
            }
        }
    }
}
