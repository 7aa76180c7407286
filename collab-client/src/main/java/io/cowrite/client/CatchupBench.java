package io.cowrite.client;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ServerMessage;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Time to catch up after missing ops: for each count N, {@code AWAY} clients join a new document, drop
 * their connections and each make one edit (it stays in flight, unsent); {@code WRITERS} closed-loop (one for N up to 1,000)
 * clients then commit N ops through the write path (one letter typed or deleted each, the text kept
 * under {@code load.text} code points, 2,000 by default); then the away clients come back one at a time.
 * For each it reports, from sending the resuming {@code join}: the time until the join's reply (catch-up or
 * resync snapshot) is applied and the client is live, and the time until its pending edit is committed
 * (acked, or rebased after a resync and acked); and the server's CPU per resume over the whole sequence
 * ({@code load.server-pids}, {@link ServerProbe}). Loopback only; bounded by the counts given.
 *
 * <pre>java io.cowrite.client.CatchupBench ws://127.0.0.1:8080/ws N[,N...] [AWAY] [WRITERS] [SEED]</pre>
 */
public final class CatchupBench {
    private final URI uri;
    private final int away;
    private final int writerCount;
    private final Random random;
    private final int maxText = Integer.getInteger("load.text", 2000);
    private final ServerProbe probe = ServerProbe.fromProperty();

    private CatchupBench(URI uri, int away, int writerCount, long seed) {
        this.uri = uri;
        this.away = away;
        this.writerCount = writerCount;
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        if (!uri.getHost().equals("localhost") && !uri.getHost().startsWith("127.")) {
            throw new IllegalArgumentException("benchmarks target 127.0.0.1/localhost only");
        }
        int away = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int writers = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 42;
        CatchupBench bench = new CatchupBench(uri, away, writers, seed);
        for (String n : args[1].split(",")) bench.run(Long.parseLong(n.trim()));
        System.exit(0);
    }

    private void run(long missed) throws Exception {
        DocId doc = DocId.of("catchup-" + Long.toHexString(System.nanoTime()) + "-" + missed);
        List<BenchClient> writers = new ArrayList<>();
        long[] target = {Long.MAX_VALUE};
        int writing = missed <= 1000 ? 1 : writerCount; // one writer misses no more than asked
        for (int i = 0; i < writing; i++) {
            Random r = new Random(random.nextLong());
            BenchClient w = new BenchClient(doc, "writer" + i, (c, m) -> {
                if (m instanceof ServerMessage.Ack) type(c, r, target[0]);
            });
            w.connect(uri).get(30, TimeUnit.SECONDS);
            writers.add(w);
        }
        List<BenchClient> gone = new ArrayList<>();
        for (int i = 0; i < away; i++) {
            BenchClient a = new BenchClient(doc, "away" + i, null);
            a.connect(uri).get(30, TimeUnit.SECONDS);
            gone.add(a);
        }
        long v0 = gone.get(0).document().version();
        for (BenchClient a : gone) {
            a.drop();
            a.document().edit(TextOp.of(new Component.Insert("X")));
        }
        long t0 = System.nanoTime();
        target[0] = v0 + missed;
        for (BenchClient w : writers) type(w, new Random(random.nextLong()), target[0]);
        awaitAll(writers, w -> w.document().isSynchronized() && w.document().version() >= target[0], 60 + missed / 200);
        long head = writers.stream().mapToLong(w -> w.document().version()).max().orElseThrow();
        awaitAll(writers, w -> w.document().isSynchronized() && w.document().version() == head, 30);
        System.out.printf("missed %d: %d ops written in %.1f s by %d writers; text %d chars%n", head - v0, head - v0,
                (System.nanoTime() - t0) / 1e9, writing, writers.get(0).document().text().length());
        resume(gone, head - v0);
        for (BenchClient w : writers) w.drop();
        for (BenchClient a : gone) a.drop();
    }

    private void resume(List<BenchClient> gone, long missed) throws Exception {
        long[] live = new long[gone.size()];
        long[] committed = new long[gone.size()];
        int resyncs = 0;
        double cpu0 = probe.isEmpty() ? 0 : probe.cpuSeconds();
        for (int i = 0; i < gone.size(); i++) {
            BenchClient a = gone.get(i);
            a.connect(uri).get(60, TimeUnit.SECONDS);
            live[i] = a.joinNanos();
            await(() -> a.document().isSynchronized() || a.failure() != null, 30);
            if (a.failure() != null) throw a.failure();
            committed[i] = System.nanoTime() - a.joinSentAt();
            if (a.resynced()) resyncs++;
        }
        double cpu = probe.isEmpty() ? Double.NaN : (probe.cpuSeconds() - cpu0) * 1000 / gone.size();
        Arrays.sort(live);
        Arrays.sort(committed);
        System.out.printf("missed %d: %s; live after the join: p50 %.1f ms, max %.1f ms; pending edit committed: p50 %.1f ms, "
                        + "max %.1f ms; server CPU %.1f ms per resume (%d resumes, one at a time)%n",
                missed, resyncs == gone.size() ? "resync" : resyncs == 0 ? "catch-up" : resyncs + " resyncs",
                live[live.length / 2] / 1e6, live[live.length - 1] / 1e6, committed[committed.length / 2] / 1e6,
                committed[committed.length - 1] / 1e6, cpu, gone.size());
    }

    /** The writer's next edit, if the document is not at the target yet and nothing is in flight. */
    private void type(BenchClient w, Random r, long target) {
        DocumentClient d = w.document();
        try {
            synchronized (d) {
                if (d.version() >= target || !d.isSynchronized()) return;
                String text = d.text();
                int length = text.codePointCount(0, text.length());
                boolean delete = length >= maxText;
                int at = r.nextInt(delete ? length : length + 1);
                List<Component> cs = new ArrayList<>(2);
                if (at > 0) cs.add(new Component.Skip(at));
                cs.add(delete ? new Component.Delete(1) : new Component.Insert(String.valueOf((char) ('a' + r.nextInt(26)))));
                d.edit(TextOp.of(cs));
            }
        } catch (OtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitAll(List<BenchClient> cs, java.util.function.Predicate<BenchClient> p, long seconds)
            throws InterruptedException {
        await(() -> cs.stream().allMatch(p), seconds);
    }

    private static void await(java.util.function.BooleanSupplier condition, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out after " + seconds + " s");
            Thread.sleep(1);
        }
    }
}
