package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cowrite.client.DocumentClient;
import io.cowrite.client.RandomEdits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Seeded random co-editing: 8 clients x 500 ops with random delays on one document, and three more
 * documents edited at the same time. Every client must end identical to PostgreSQL, versions
 * contiguous. Reproduce a failure with {@code -Dcowrite.seed=<printed seed>}.
 */
class RandomizedConvergenceIT {

    record Plan(String doc, int clients, int ops) {
    }

    @Test
    void clientsConvergeOnEveryDocumentAndMatchPostgres() throws Exception {
        long seed = Long.getLong("cowrite.seed", new Random().nextLong());
        System.out.println("RandomizedConvergenceIT seed=" + seed + " (rerun with -Dcowrite.seed=" + seed + ")");
        List<Plan> plans = List.of(new Plan("hot", 8, 500), new Plan("side-1", 2, 200), new Plan("side-2", 2, 200),
                new Plan("side-3", 3, 150));
        try (TestDatabase db = TestDatabase.create();
             TestServer server = TestServer.start(db, "local", Map.of("cowrite.editor.ops-per-second", 1000))) {
            try {
                run(server, db, plans, seed);
            } catch (Throwable t) {
                throw new AssertionError("failed with seed " + seed + ": " + t.getMessage(), t);
            }
        }
    }

    private void run(TestServer server, TestDatabase db, List<Plan> plans, long seed) throws Exception {
        List<TestClient> clients = new ArrayList<>();
        List<DocumentClient> docs = new ArrayList<>();
        List<Integer> opsEach = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Plan p : plans) {
            for (int i = 0; i < p.clients(); i++) {
                TestClient c = new TestClient(server.ws(), p.doc() + "-c" + i).connect();
                clients.add(c);
                docs.add(c.join(p.doc()));
                opsEach.add(p.ops());
                names.add(p.doc());
            }
        }
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            DocumentClient dc = docs.get(i);
            Random random = new Random(seed * 31 + i);
            int n = opsEach.get(i);
            work.add(pool.submit(() -> {
                RandomEdits edits = new RandomEdits(random);
                for (int k = 0; k < n; k++) {
                    synchronized (dc) {
                        dc.edit(edits.next(dc.text()));
                    }
                    Thread.sleep(random.nextInt(4));
                }
                return null;
            }));
        }
        for (Future<?> f : work) f.get();
        pool.shutdown();
        for (Plan p : plans) {
            List<DocumentClient> same = new ArrayList<>();
            for (int i = 0; i < docs.size(); i++) if (names.get(i).equals(p.doc())) same.add(docs.get(i));
            Awaits.until(() -> same.stream().allMatch(DocumentClient::isSynchronized)
                    && same.stream().mapToLong(DocumentClient::version).distinct().count() == 1,
                    Duration.ofSeconds(60), "clients of " + p.doc() + " synchronized");
            for (TestClient c : clients) c.assertHealthy();
            StoredDocument stored = StoredDocument.read(db, p.doc());
            for (DocumentClient dc : same) {
                assertEquals(stored.version(), dc.version(), p.doc() + " version");
                assertEquals(stored.text(), dc.text(), p.doc() + " text");
            }
        }
        for (TestClient c : clients) c.close();
    }
}
