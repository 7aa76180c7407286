package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cowrite.client.DocumentClient;
import io.cowrite.client.RandomEdits;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.ServerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * People co-editing one document while a test attacks the server: each client types a seeded random
 * edit, waits for its ack (so one op is in flight, as a person's client has), pauses a random 0 to
 * {@code maxPauseMs} ms as a typist would, and goes on. The send-to-ack latency of every edit is kept
 * under the phase that was current when it was sent ({@link #phase}); latencies are printed, never asserted.
 */
final class Bystanders implements AutoCloseable {
    private final List<TestClient> clients;
    private final List<DocumentClient> docs = new ArrayList<>();
    private final String doc;
    private final Map<String, Latencies> byPhase = new ConcurrentHashMap<>();
    private final AtomicInteger edits = new AtomicInteger();
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Future<?>> work = new ArrayList<>();
    private volatile String phase = "before";
    private volatile boolean stopped;

    /** Connects {@code clients} (already configured, e.g. with tokens) and joins them to {@code doc}. */
    Bystanders(List<TestClient> clients, String doc) {
        this.clients = clients;
        this.doc = doc;
        for (TestClient c : clients) docs.add(c.connect().join(doc));
    }

    /** Starts every client typing: {@code seed} makes each one's edits and pauses reproducible. */
    Bystanders start(long seed, int maxPauseMs) {
        for (int i = 0; i < clients.size(); i++) {
            TestClient c = clients.get(i);
            DocumentClient d = docs.get(i);
            Random random = new Random(seed * 31 + i);
            work.add(pool.submit(() -> type(c, d, random, maxPauseMs)));
        }
        return this;
    }

    private Void type(TestClient c, DocumentClient d, Random random, int maxPauseMs) throws Exception {
        RandomEdits maker = new RandomEdits(random);
        while (!stopped) {
            long seq;
            synchronized (d) {
                TextOp op = maker.next(d.text());
                d.edit(op);
                seq = d.inflightSeq();
            }
            String current = phase;
            long t0 = System.nanoTime();
            c.await(m -> m instanceof ServerMessage.Ack a && a.doc().equals(d.doc()) && a.seq() == seq, Duration.ofSeconds(30));
            byPhase.computeIfAbsent(current, p -> new Latencies()).add(System.nanoTime() - t0);
            edits.incrementAndGet();
            if (maxPauseMs > 0) Thread.sleep(random.nextInt(maxPauseMs + 1)); // a typist's pause, not a wait
        }
        return null;
    }

    /** Latencies of edits sent from now on count under {@code name}. */
    void phase(String name) {
        phase = name;
    }

    /** Acked edits so far, all phases. */
    int edits() {
        return edits.get();
    }

    /** Waits until {@code more} further edits are acked (a phase measured in edits, not in time). */
    void awaitMoreEdits(int more, Duration timeout) {
        int target = edits() + more;
        Awaits.until(() -> edits() >= target || work.stream().anyMatch(Future::isDone), timeout, more + " more bystander edits");
    }

    Latencies latencies(String phaseName) {
        return byPhase.getOrDefault(phaseName, new Latencies());
    }

    /** Stops typing, rethrows any client's failure, and checks every client equals PostgreSQL. */
    void stopAndCheck(TestDatabase db) throws Exception {
        stopped = true;
        for (Future<?> f : work) f.get(60, TimeUnit.SECONDS);
        Awaits.until(() -> docs.stream().allMatch(DocumentClient::isSynchronized)
                && docs.stream().mapToLong(DocumentClient::version).distinct().count() == 1, Duration.ofSeconds(30),
                "bystanders synchronized at one version");
        StoredDocument stored = StoredDocument.read(db, doc);
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).assertHealthy();
            assertEquals(stored.version(), docs.get(i).version(), clients.get(i).label + " version");
            assertEquals(stored.text(), docs.get(i).text(), clients.get(i).label + " text");
        }
        assertEquals(edits(), stored.version(), "every bystander edit was committed exactly once");
    }

    @Override
    public void close() {
        stopped = true;
        pool.shutdownNow();
        for (TestClient c : clients) c.close();
    }
}
