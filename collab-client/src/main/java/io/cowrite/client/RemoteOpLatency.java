package io.cowrite.client;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remote-op latency of a load run whose clients all live in this JVM: the time from a client
 * sending an op to another client receiving it as {@code remote}, bucketed by whether the receiver
 * is connected to the same editor node as the author (local fan-out) or to another node (through
 * history-service and the bus). Ops are keyed by (clientId, seq); the first send counts (a resend
 * keeps its seq). Thread-safe; bounded memory per bucket (samples beyond the capacity are counted,
 * not kept).
 */
public final class RemoteOpLatency {
    private record Sent(long nanos, int node) {
    }

    private final ConcurrentHashMap<String, Sent> sent = new ConcurrentHashMap<>();
    private final Bucket sameNode = new Bucket();
    private final Bucket otherNode = new Bucket();

    /** {@code clientId} on {@code node} sent op {@code seq} now. */
    public void sent(String clientId, long seq, int node) {
        sent.putIfAbsent(clientId + '#' + seq, new Sent(System.nanoTime(), node));
    }

    /** A client on {@code node} received {@code author}'s op {@code seq} as remote, now. */
    public void received(String author, long seq, int node) {
        long now = System.nanoTime();
        Sent s = sent.get(author + '#' + seq);
        if (s == null) return; // not sent by a client of this run
        (s.node == node ? sameNode : otherNode).add(now - s.nanos);
    }

    /** One line per bucket: samples and percentiles in milliseconds. */
    public String report() {
        return "remote-op latency ms, receiver on the SAME node as the author:  " + sameNode.summary() + "\n"
                + "remote-op latency ms, receiver on ANOTHER node than the author: " + otherNode.summary();
    }

    private static final class Bucket {
        private final long[] samples = new long[8_000_000];
        private final AtomicLong count = new AtomicLong();

        void add(long nanos) {
            long i = count.getAndIncrement();
            if (i < samples.length) samples[(int) i] = nanos;
        }

        String summary() {
            long n = count.get();
            long[] sorted = Arrays.copyOf(samples, (int) Math.min(n, samples.length));
            Arrays.sort(sorted);
            if (sorted.length == 0) return "samples=0";
            return String.format("samples=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f", n, pct(sorted, 0.50),
                    pct(sorted, 0.90), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
        }

        private static double pct(long[] sorted, double p) {
            return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
        }
    }
}
