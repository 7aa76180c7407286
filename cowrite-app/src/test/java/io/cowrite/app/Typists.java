package io.cowrite.app;

import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * People who only insert characters nobody else ever types (CJK ideographs, every fifth outside the BMP),
 * so a character in a text tells who typed it: what an admin write must keep or take away is exact.
 * Nobody deletes. Typing runs on virtual threads, with short random pauses between keystrokes (pacing,
 * not synchronization).
 */
final class Typists implements AutoCloseable {
    private static final AtomicInteger NEXT = new AtomicInteger();

    /** Every character each client typed, by client label. */
    final Map<String, List<String>> typed = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Future<?>> running = new ArrayList<>();
    private volatile boolean stopped;

    /** Inserts one new character at a random place of {@code doc}'s local text. */
    void type(String label, DocumentClient doc, Random random) throws OtException {
        int c = NEXT.getAndIncrement();
        String ch = new String(Character.toChars(c % 5 == 0 ? 0x20000 + c : 0x4E00 + c % 20000));
        synchronized (doc) {
            int length = doc.text().codePointCount(0, doc.text().length());
            int at = random.nextInt(length + 1);
            doc.edit(at == 0 ? TextOp.of(new Component.Insert(ch)) : TextOp.of(new Component.Skip(at), new Component.Insert(ch)));
        }
        typed.computeIfAbsent(label, k -> new CopyOnWriteArrayList<>()).add(ch);
    }

    /** {@code n} characters by each client, one after the other, without pauses. */
    void typeNow(Map<String, DocumentClient> clients, int n, Random random) throws OtException {
        for (int i = 0; i < n; i++) {
            for (Map.Entry<String, DocumentClient> e : clients.entrySet()) type(e.getKey(), e.getValue(), random);
        }
    }

    /** Every client types until {@link #stop}, pausing up to {@code maxPauseMs} after each character. */
    void start(Map<String, DocumentClient> clients, long seed, int maxPauseMs) {
        int i = 0;
        for (Map.Entry<String, DocumentClient> e : clients.entrySet()) {
            Random random = new Random(seed * 31 + i++);
            running.add(pool.submit(() -> {
                while (!stopped) {
                    type(e.getKey(), e.getValue(), random);
                    Thread.sleep(random.nextInt(maxPauseMs + 1));
                }
                return null;
            }));
        }
    }

    /** Stops the typing and rethrows the first failure. */
    void stop() throws Exception {
        stopped = true;
        for (Future<?> f : running) f.get(30, TimeUnit.SECONDS);
        running.clear();
        stopped = false;
    }

    /** Every client of {@code clients} has nothing pending and all are at one version. */
    static void awaitConverged(List<TestClient> owners, List<DocumentClient> clients, String context) {
        Awaits.until(() -> clients.stream().allMatch(DocumentClient::isSynchronized)
                        && clients.stream().mapToLong(DocumentClient::version).distinct().count() == 1,
                Duration.ofSeconds(60), "clients synchronized at one version (" + context + ")");
        for (TestClient c : owners) c.assertHealthy();
    }

    @Override
    public void close() {
        stopped = true;
        pool.shutdownNow();
    }
}
