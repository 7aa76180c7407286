package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cowrite.client.DocumentClient;
import io.cowrite.client.RandomEdits;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The distributed mode as an operator runs it: history-service and editor-server as separate
 * processes from their runnable jars, over real NATS and PostgreSQL; clients edit through the editor.
 */
class DistributedModeIT {

    @Test
    void clientsEditThroughSeparateEditorAndHistoryProcesses() throws Exception {
        long seed = Long.getLong("cowrite.seed", new Random().nextLong());
        System.out.println("DistributedModeIT seed=" + seed);
        String prefix = "dist" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> bus = Map.of("cowrite.bus.type", "nats", "cowrite.bus.nats-url", "nats://127.0.0.1:4222",
                "cowrite.bus.prefix", prefix);
        try (TestDatabase db = TestDatabase.create();
             ServiceProcess history = ServiceProcess.start("history", ServiceProcess.jar("history-service", "history-service-all.jar"),
                     with(bus, "datasources.default.url", db.url));
             ServiceProcess editor = ServiceProcess.start("editor", ServiceProcess.jar("editor-server", "editor-server-all.jar"), bus);
             TestClient a = new TestClient(editor.ws(), "dist-a").connect();
             TestClient b = new TestClient(editor.ws(), "dist-b").connect()) {
            DocumentClient da = a.join("distributed");
            DocumentClient dbb = b.join("distributed");
            Random random = new Random(seed);
            RandomEdits edits = new RandomEdits(random);
            for (int i = 0; i < 200; i++) {
                DocumentClient dc = random.nextBoolean() ? da : dbb;
                synchronized (dc) {
                    dc.edit(edits.next(dc.text()));
                }
            }
            Awaits.until(() -> da.isSynchronized() && dbb.isSynchronized() && da.version() == dbb.version(),
                    Duration.ofSeconds(30), "both clients synchronized (seed " + seed + ")");
            a.assertHealthy();
            b.assertHealthy();
            assertEquals(da.text(), dbb.text(), "seed " + seed);
            StoredDocument stored = StoredDocument.read(db, "distributed");
            assertEquals(da.text(), stored.text(), "seed " + seed);
            assertEquals(da.version(), stored.version());
        }
    }

    static Map<String, String> with(Map<String, String> base, String key, String value) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>(base);
        m.put(key, value);
        return m;
    }
}
