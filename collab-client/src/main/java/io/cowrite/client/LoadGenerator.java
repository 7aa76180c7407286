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
 * <p>System properties: {@code load.typers=N} lets only the first N clients of each document type (the
 * others only read); {@code load.idle=true} makes no edit at all (idle connections held for SECONDS);
 * {@code load.server-pids=PID,...} names the server processes, and the report adds their CPU per acked op
 * and per delivered message (acks and remote ops received by the clients) during the measured window,
 * their CPU to connect and join, and their resident memory and live heap per connection above what they
 * held before the clients connected ({@link ServerProbe}).
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
    private final int typers = Integer.getInteger("load.typers", Integer.MAX_VALUE);
    private final boolean idle = Boolean.getBoolean("load.idle");
    private final ServerProbe probe = ServerProbe.fromProperty();
    /** Each client's number within its document (0..CLIENTS-1). */
    private final ConcurrentHashMap<DocumentClient, Integer> clientNo = new ConcurrentHashMap<>();
    /** Acks and remote ops the clients received while the window was open. */
    private final java.util.concurrent.atomic.LongAdder delivered = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean counting;
    private static final java.util.concurrent.ScheduledExecutorService RETRY =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());

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
        double cpuBefore = 0;
        long rssBefore = 0, heapBefore = 0;
        if (!probe.isEmpty()) {
            heapBefore = probe.liveHeapBytes();
            rssBefore = probe.rssBytes();
            cpuBefore = probe.cpuSeconds();
        }
        long connectStart = System.nanoTime();
        CountDownLatch joined = new CountDownLatch(docCount * clientsPerDoc);
        for (int d = 0; d < docCount; d++) {
            DocId doc = DocId.of("load-" + run + "-" + d);
            for (int c = 0; c < clientsPerDoc; c++) {
                int node = (d * clientsPerDoc + c) % nodes.size(); // round-robin over the nodes
                open(nodes.get(node), node, doc, c, "lg" + run + "d" + d + "c" + c, new Random(seed * 7919 + d * 131L + c),
                        joined);
            }
        }
        if (!joined.await(300, TimeUnit.SECONDS)) throw new IllegalStateException("clients did not all join");
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        int connectionCount = docCount * clientsPerDoc;
        if (!probe.isEmpty()) {
            double cpuJoined = probe.cpuSeconds();
            long rss = probe.rssBytes();
            long heap = probe.liveHeapBytes();
            System.out.printf("connect+join: %d connections in %.1f s; server CPU %.2f ms per connection; server RSS %.0f MiB -> %.0f MiB "
                            + "(%.1f KB per connection); live heap %.1f MiB -> %.1f MiB (%.1f KB per connection)%n",
                    connectionCount, connectSeconds, (cpuJoined - cpuBefore) * 1000 / connectionCount, rssBefore / 1048576.0,
                    rss / 1048576.0, (rss - rssBefore) / 1024.0 / connectionCount, heapBefore / 1048576.0, heap / 1048576.0,
                    (heap - heapBefore) / 1024.0 / connectionCount);
        }
        double cpuStart = probe.isEmpty() ? 0 : probe.cpuSeconds();
        counting = true;
        long start = System.nanoTime();
        java.util.concurrent.ScheduledExecutorService typists = java.util.concurrent.Executors.newScheduledThreadPool(2);
        Random phase = new Random(seed);
        int[] typing = new int[1];
        for (int i = 0; i < docs.size(); i++) {
            DocumentClient dc = docs.get(i);
            if (idle || clientNo.get(dc) >= typers) continue;
            typing[0]++;
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
        counting = false;
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuWindow = probe.isEmpty() ? 0 : probe.cpuSeconds() - cpuStart;
        long n = samples.get();
        settle(60);
        report(docCount, clientsPerDoc, n, elapsed, nodes.size());
        System.out.printf("typing clients=%d of %d%n", typing[0], docs.size());
        if (!probe.isEmpty()) {
            long d = delivered.sum();
            System.out.printf("server CPU in the window: %.1f %% of a core; %.1f us per acked op; %.2f us per delivered message "
                            + "(%d acks and remote ops delivered); server RSS now %.0f MiB%n",
                    cpuWindow * 100 / elapsed, n == 0 ? 0 : cpuWindow * 1e6 / n, d == 0 ? 0 : cpuWindow * 1e6 / d, d,
                    probe.rssBytes() / 1048576.0);
        }
        for (Connection c : connections) c.close();
    }

    private void open(URI uri, int node, DocId doc, int number, String name, Random random, CountDownLatch joined) {
        ConcurrentHashMap<Long, Long> sentAt = new ConcurrentHashMap<>();
        DocumentClient[] holder = new DocumentClient[1];
        Connection[] connection = new Connection[1];
        RandomEdits edits = new RandomEdits(random);
        Connection conn = Connection.open(uri, m -> {
            try {
                if (m instanceof ServerMessage.Welcome w) { // the server issues the client id
                    holder[0] = documentClient(doc, w.clientId(), node, sentAt, connection[0], edits);
                    clientNo.put(holder[0], number);
                    holder[0].join();
                    return;
                }
                DocumentClient dc = holder[0];
                if (m instanceof ServerMessage.ErrorReply e) {
                    errors.incrementAndGet();
                    errorCodes.computeIfAbsent(e.code().code(), k -> new AtomicLong()).incrementAndGet();
                    // as protocol.md says a client does: the same op again after a backoff with jitter, never at once
                    if (e.code().retryable()) {
                        RETRY.schedule(dc::resend, 50 + random.nextInt(100), TimeUnit.MILLISECONDS);
                    }
                    return;
                }
                if (counting && (m instanceof ServerMessage.Remote || m instanceof ServerMessage.Ack)) delivered.increment();
                if (m instanceof ServerMessage.Remote r) remoteLatency.received(r.clientId(), r.seq(), node);
                dc.receive(m);
                if (m instanceof ServerMessage.Snapshot) joined.countDown();
                if (m instanceof ServerMessage.Ack a) {
                    Long t = sentAt.remove(a.seq());
                    if (t != null) record(System.nanoTime() - t);
                    if (running && rate == 0 && !idle) {
                        synchronized (dc) {
                            if (dc.isSynchronized()) dc.edit(edits.next(dc.text()));
                        }
                    }
                }
            } catch (Exception ex) {
                errors.incrementAndGet();
            }
        });
        connection[0] = conn;
        synchronized (this) {
            connections.add(conn);
        }
        conn.send(new ClientMessage.Hello(Protocol.VERSION, null, null, null, name));
    }

    private DocumentClient documentClient(DocId doc, String clientId, int node, ConcurrentHashMap<Long, Long> sentAt,
                                          Connection conn, RandomEdits edits) {
        DocumentClient dc = new DocumentClient(doc, clientId, msg -> {
            if (msg instanceof ClientMessage.Op op) {
                sentAt.putIfAbsent(op.seq(), System.nanoTime());
                remoteLatency.sent(clientId, op.seq(), node);
            }
            conn.send(msg);
        });
        synchronized (this) {
            docs.add(dc);
            docOf.add(doc.value());
        }
        this.edits.put(dc, edits);
        return dc;
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
                docs.size(), nodes, elapsed, idle ? "idle" : rate == 0 ? "closed-loop" : "open-loop " + rate + " edits/s per client");
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
