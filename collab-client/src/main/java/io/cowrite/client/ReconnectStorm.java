package io.cowrite.client;

import io.cowrite.core.protocol.DocId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reconnect storm after a node restart: {@code DOCS} × {@code CLIENTS} clients join, then this program
 * touches {@code READY_FILE}, and whoever runs it (bin/bench-recovery) restarts the node and writes the new
 * server's pid to {@code PID_FILE}. Every client notices its connection close and reconnects with
 * exponential backoff from 500 ms, ×2, capped at {@code load.backoff-cap-ms} (5,000 by default), full jitter,
 * then resumes its document. Reports the time from the new node's first healthy {@code /health} until every
 * client is live again (its resuming join applied), the join times' percentiles, and the new server's peak
 * resident memory (sampled every 50 ms) and live heap once all are back ({@link ServerProbe}). Bounded: gives up
 * after 300 s.
 *
 * <pre>java io.cowrite.client.ReconnectStorm ws://127.0.0.1:8080/ws DOCS CLIENTS READY_FILE PID_FILE [SEED]</pre>
 */
public final class ReconnectStorm {
    private static final long CAP_MS = Long.getLong("load.backoff-cap-ms", 5000);

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        if (!uri.getHost().equals("localhost") && !uri.getHost().startsWith("127.")) {
            throw new IllegalArgumentException("benchmarks target 127.0.0.1/localhost only");
        }
        int docs = Integer.parseInt(args[1]);
        int perDoc = Integer.parseInt(args[2]);
        Path ready = Path.of(args[3]);
        Path pidFile = Path.of(args[4]);
        long seed = args.length > 5 ? Long.parseLong(args[5]) : 42;
        String run = Long.toHexString(System.nanoTime());
        List<BenchClient> clients = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int d = 0; d < docs; d++) {
            for (int c = 0; c < perDoc; c++) clients.add(new BenchClient(DocId.of("storm-" + run + "-" + d), "s" + d + "c" + c, null));
        }
        for (BenchClient c : clients) c.connect(uri).get(60, TimeUnit.SECONDS);
        System.out.printf("%d clients joined in %.1f s%n", clients.size(), (System.nanoTime() - t0) / 1e9);
        String oldPid = Files.exists(pidFile) ? Files.readString(pidFile).trim() : "";
        AtomicInteger down = new AtomicInteger();
        for (BenchClient c : clients) c.connection().closed().whenComplete((code, e) -> down.incrementAndGet());
        Files.writeString(ready, "ready\n");

        await(() -> down.get() == clients.size(), 120, "every connection closed by the restart");
        long allDown = System.nanoTime();
        System.out.printf("all %d connections closed; reconnecting with backoff (cap %d ms)%n", clients.size(), CAP_MS);
        AtomicInteger live = new AtomicInteger();
        long[] joinNanos = new long[clients.size()];
        Random random = new Random(seed);
        for (int i = 0; i < clients.size(); i++) {
            BenchClient c = clients.get(i);
            long jitterSeed = random.nextLong();
            int index = i;
            Thread.ofVirtual().start(() -> {
                reconnect(c, uri, new Random(jitterSeed));
                joinNanos[index] = c.joinNanos();
                live.incrementAndGet();
            });
        }
        await(() -> readQuietly(pidFile).matches("[0-9]+") && !readQuietly(pidFile).equals(oldPid), 120,
                "the new server's pid in " + pidFile);
        ServerProbe server = new ServerProbe(List.of(Long.parseLong(readQuietly(pidFile))));
        long healthy = awaitHealthy(uri);
        long peakRss = 0;
        while (live.get() < clients.size()) {
            if (System.nanoTime() - allDown > TimeUnit.SECONDS.toNanos(300)) throw new IllegalStateException("not all back in 300 s");
            peakRss = Math.max(peakRss, server.rssBytes());
            Thread.sleep(50);
        }
        long allLive = System.nanoTime();
        peakRss = Math.max(peakRss, server.rssBytes());
        Arrays.sort(joinNanos);
        System.out.printf("storm: %d clients live again %.2f s after the new node was healthy (%.2f s after the last connection "
                        + "dropped); resuming join p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", clients.size(), (allLive - healthy) / 1e9,
                (allLive - allDown) / 1e9, pct(joinNanos, 0.5), pct(joinNanos, 0.99), joinNanos[joinNanos.length - 1] / 1e6);
        System.out.printf("new server: peak RSS %.0f MiB during the storm; live heap %.1f MiB with all back; CPU %.1f s so far%n",
                peakRss / 1048576.0, server.liveHeapBytes() / 1048576.0, server.cpuSeconds());
        for (BenchClient c : clients) c.drop();
        System.exit(0);
    }

    /** Reconnects until the resuming join is answered: backoff from 500 ms, ×2, capped, full jitter. */
    private static void reconnect(BenchClient c, URI uri, Random r) {
        for (int attempt = 0; ; attempt++) {
            long ceiling = Math.min(CAP_MS, 500L << Math.min(attempt, 20));
            sleep(r.nextLong(ceiling + 1));
            try {
                c.connect(uri).get(30, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                c.drop(); // refused (the node is down) or closed before the join was answered: try again
            }
        }
    }

    private static long awaitHealthy(URI ws) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI health = URI.create("http://" + ws.getHost() + ":" + ws.getPort() + "/health");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return System.nanoTime();
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the new node never became healthy");
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, long seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }
}
