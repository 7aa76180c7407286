package io.cowrite.client;

import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.Protocol;
import io.cowrite.core.protocol.ServerMessage;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load generator for protocol v1: {@code docs} documents with {@code clients} clients each, for
 * {@code seconds}. With {@code rate} 0 it runs closed-loop (every client makes its next edit the
 * moment its previous op is acked: the server's capacity); with {@code rate} &gt; 0 every client types
 * {@code rate} edits per second whatever happens (open loop, like people: edits made while an op is
 * in flight are buffered and composed, as the web client does). Reports acked ops/s and ack latency
 * (send to ack) percentiles, then checks that every document's clients converged. Loopback targets
 * only; bounded in time.
 *
 * <p>Several editor nodes may be given as comma-separated URLs: clients are assigned to them
 * round-robin, and the report adds the remote-op latency (an op's send to its receipt as
 * {@code remote} by another client) for receivers on the author's node and on another node
 * ({@link RemoteOpLatency}).
 *
 * <pre>java io.cowrite.client.LoadGenerator ws://127.0.0.1:8080/ws[,ws://127.0.0.1:8081/ws...] DOCS CLIENTS SECONDS [RATE] [SEED]</pre>
 */
public final class LoadGenerator {
    private final List<DocumentClient> docs = new ArrayList<>();
    private final List<String> docOf = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private final long[] latencies = new long[4_000_000];
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final ConcurrentHashMap<String, AtomicLong> errorCodes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<DocumentClient, RandomEdits> edits = new ConcurrentHashMap<>();
    private final RemoteOpLatency remoteLatency = new RemoteOpLatency();
    private volatile boolean running = true;
    private final double rate;

    private LoadGenerator(double rate) {
        this.rate = rate;
    }

    public static void main(String[] args) throws Exception {
        List<URI> nodes = new ArrayList<>();
        for (String u : args[0].split(",")) {
            URI uri = URI.create(u.trim());
            if (!isLoopback(uri)) throw new IllegalArgumentException("load tests target 127.0.0.1/localhost only");
            nodes.add(uri);
        }
        int docs = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        double rate = args.length > 4 ? Double.parseDouble(args[4]) : 0;
        long seed = args.length > 5 ? Long.parseLong(args[5]) : 42;
        new LoadGenerator(rate).run(nodes, docs, clients, seconds, seed);
    }

    private static boolean isLoopback(URI uri) {
        return uri.getHost().equals("localhost") || uri.getHost().startsWith("127.");
    }

    private void run(List<URI> nodes, int docCount, int clientsPerDoc, int seconds, long seed) throws Exception {
        String run = Long.toHexString(System.nanoTime());
        CountDownLatch joined = new CountDownLatch(docCount * clientsPerDoc);
        for (int d = 0; d < docCount; d++) {
            DocId doc = DocId.of("load-" + run + "-" + d);
            for (int c = 0; c < clientsPerDoc; c++) {
                int node = (d * clientsPerDoc + c) % nodes.size(); // round-robin over the nodes
                open(nodes.get(node), node, doc, "lg" + run + "d" + d + "c" + c, new Random(seed * 7919 + d * 131L + c),
                        joined);
            }
        }
        if (!joined.await(120, TimeUnit.SECONDS)) throw new IllegalStateException("clients did not all join");
        long start = System.nanoTime();
        java.util.concurrent.ScheduledExecutorService typists = java.util.concurrent.Executors.newScheduledThreadPool(2);
        Random phase = new Random(seed);
        for (DocumentClient dc : docs) {
            if (rate > 0) {
                long periodMicros = (long) (1e6 / rate);
                typists.scheduleAtFixedRate(() -> {
                    try {
                        kick(dc);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }, phase.nextLong(periodMicros), periodMicros, TimeUnit.MICROSECONDS);
            } else {
                kick(dc);
            }
        }
        Thread.sleep(seconds * 1000L);
        typists.shutdownNow();
        running = false;
        double elapsed = (System.nanoTime() - start) / 1e9;
        long n = samples.get();
        settle(60);
        report(docCount, clientsPerDoc, n, elapsed, nodes.size());
        for (Connection c : connections) c.close();
    }

    private void open(URI uri, int node, DocId doc, String clientId, Random random, CountDownLatch joined) {
        ConcurrentHashMap<Long, Long> sentAt = new ConcurrentHashMap<>();
        DocumentClient[] holder = new DocumentClient[1];
        RandomEdits edits = new RandomEdits(random);
        Connection conn = Connection.open(uri, m -> {
            DocumentClient dc = holder[0];
            try {
                if (m instanceof ServerMessage.Welcome) {
                    dc.join();
                    return;
                }
                if (m instanceof ServerMessage.ErrorReply e) {
                    errors.incrementAndGet();
                    errorCodes.computeIfAbsent(e.code().code(), k -> new AtomicLong()).incrementAndGet();
                    if (e.code().retryable()) dc.resend();
                    return;
                }
                if (m instanceof ServerMessage.Remote r) remoteLatency.received(r.clientId(), r.seq(), node);
                dc.receive(m);
                if (m instanceof ServerMessage.Snapshot) joined.countDown();
                if (m instanceof ServerMessage.Ack a) {
                    Long t = sentAt.remove(a.seq());
                    if (t != null) record(System.nanoTime() - t);
                    if (running && rate == 0) {
                        synchronized (dc) {
                            if (dc.isSynchronized()) dc.edit(edits.next(dc.text()));
                        }
                    }
                }
            } catch (Exception ex) {
                errors.incrementAndGet();
            }
        });
        DocumentClient dc = new DocumentClient(doc, clientId, msg -> {
            if (msg instanceof ClientMessage.Op op) {
                sentAt.putIfAbsent(op.seq(), System.nanoTime());
                remoteLatency.sent(clientId, op.seq(), node);
            }
            conn.send(msg);
        });
        holder[0] = dc;
        synchronized (this) {
            docs.add(dc);
            docOf.add(doc.value());
            connections.add(conn);
        }
        this.edits.put(dc, edits);
        conn.send(new ClientMessage.Hello(Protocol.VERSION, clientId, null, clientId));
    }

    private void kick(DocumentClient dc) throws Exception {
        synchronized (dc) {
            dc.edit(edits.get(dc).next(dc.text()));
        }
    }

    private void record(long nanos) {
        long i = samples.getAndIncrement();
        if (i < latencies.length) latencies[(int) i] = nanos;
    }

    /** Waits (bounded) until every client has its ops acked and every document's clients share a version. */
    private void settle(int maxSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline && !settled()) Thread.sleep(100);
    }

    private boolean settled() {
        for (int i = 0; i < docs.size(); i++) {
            if (!docs.get(i).isSynchronized()) return false;
            if (i > 0 && docOf.get(i).equals(docOf.get(i - 1)) && docs.get(i).version() != docs.get(i - 1).version()) return false;
        }
        return true;
    }

    private void report(int docCount, int clientsPerDoc, long n, double elapsed, int nodes) {
        long[] sorted = Arrays.copyOf(latencies, (int) Math.min(n, latencies.length));
        Arrays.sort(sorted);
        int diverged = 0;
        for (int i = 0; i < docs.size(); ) {
            int j = i;
            while (j < docs.size() && docOf.get(j).equals(docOf.get(i))) j++;
            for (int k = i + 1; k < j; k++) if (!docs.get(k).text().equals(docs.get(i).text())) diverged++;
            i = j;
        }
        System.out.printf("docs=%d clients/doc=%d connections=%d nodes=%d seconds=%.1f mode=%s%n", docCount, clientsPerDoc,
                docs.size(), nodes, elapsed, rate == 0 ? "closed-loop" : "open-loop " + rate + " edits/s per client");
        System.out.printf("acked ops=%d  throughput=%.0f acked ops/s%n", n, n / elapsed);
        System.out.printf("ack latency ms: p50=%.2f p90=%.2f p99=%.2f max=%.2f%n", pct(sorted, 0.50), pct(sorted, 0.90),
                pct(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        System.out.println(remoteLatency.report());
        System.out.printf("error replies=%d %s  settled=%s  clients diverged=%d%n", errors.get(), errorCodes, settled(), diverged);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }
}
