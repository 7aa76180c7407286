package io.cowrite.history;

import io.cowrite.bus.history.AppendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Several sequencers racing on one document: each thread appends its ops one by one at the head it
 * last saw, and on a conflict retries at the conflict's head (what editor-server does, minus the
 * transform: inserts at 0 commute). A barrier releases all threads together; the assertion holds for
 * every interleaving, so the test needs no sleeps.
 */
final class ConcurrentAppenders {
    private ConcurrentAppenders() {
    }

    static void run(OpLog log, String doc, int threads, int perThread) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String client = "c" + t;
                done.add(pool.submit(() -> {
                    start.await();
                    appendAll(log, doc, client, perThread);
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void appendAll(OpLog log, String doc, String client, int count) {
        long head = 0;
        for (int seq = 0; seq < count; seq++) {
            while (true) {
                AppendResult r = log.append(Ops.append(doc, head, Ops.newOp(client, seq, client.substring(1)))).result();
                if (r instanceof AppendResult.Appended a) {
                    head = a.outcomes().get(0).version() + 1;
                    break;
                }
                head = ((AppendResult.Conflict) r).head();
            }
        }
    }
}
