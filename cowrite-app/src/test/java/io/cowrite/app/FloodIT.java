package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One connection submitting ops as fast as it can, against an editor node in its own JVM (with the default
 * 50 ops/s per connection), while four people co-edit another document on the same node. The flooder gets
 * {@code rate_limited} for what exceeds the rate, and the people's edits are all acked and converge. The
 * figures are printed, never asserted: the flooder's accepted ops/s and rejected count, the people's ack
 * latency p50/p99 without and with the flood, and the CPU the editor and history processes used
 * (from {@code /proc/<pid>/stat}).
 *
 * <pre>apptest 'io.cowrite.app.FloodIT'   (phase length: -Dcowrite.flood.edits=300 bystander edits; seed: -Dcowrite.seed=...)</pre>
 */
class FloodIT {
    static final int OPS_PER_SECOND = 50;
    static final int BYSTANDERS = 4;

    /** One measured phase: wall time and each process's CPU time over it (the test JVM runs the clients). */
    private record Phase(String name, double seconds, double editorCpu, double historyCpu, double clientsCpu) {
        String cpu() {
            return String.format("editor %.0f%% of a core, history %.0f%%, test JVM (clients) %.0f%%", 100 * editorCpu / seconds,
                    100 * historyCpu / seconds, 100 * clientsCpu / seconds);
        }
    }

    private static Phase measure(String name, NodeCluster cluster, Runnable phase) throws Exception {
        long self = ProcessHandle.current().pid();
        double e0 = cluster.editors.get(0).cpuSeconds();
        double h0 = cluster.history.cpuSeconds();
        double c0 = ServiceProcess.cpuSeconds(self);
        long t0 = System.nanoTime();
        phase.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Phase(name, seconds, cluster.editors.get(0).cpuSeconds() - e0, cluster.history.cpuSeconds() - h0,
                ServiceProcess.cpuSeconds(self) - c0);
    }

    @Test
    void aFloodingConnectionIsRateLimitedWhileOthersEdit() throws Exception {
        long seed = Long.getLong("cowrite.seed", new Random().nextLong());
        int edits = Integer.getInteger("cowrite.flood.edits", 300);
        System.out.println("FloodIT seed=" + seed + " (rerun with -Dcowrite.seed=" + seed + ")");
        try (NodeCluster cluster = NodeCluster.start("flood", "nats://127.0.0.1:4222", 1,
                i -> Map.of("cowrite.editor.ops-per-second", Integer.toString(OPS_PER_SECOND)))) {
            try {
                run(cluster, seed, edits);
            } catch (Throwable t) {
                System.out.println(cluster.problems());
                throw new AssertionError("failed with seed " + seed + ": " + t.getMessage(), t);
            }
        }
    }

    private void run(NodeCluster cluster, long seed, int edits) throws Exception {
        List<TestClient> people = new ArrayList<>();
        for (int i = 0; i < BYSTANDERS; i++) people.add(new TestClient(cluster.ws(0), "bys-" + i));
        try (Bystanders bystanders = new Bystanders(people, "bys-doc").start(seed, 100)) {
            bystanders.phase("warm-up");
            bystanders.awaitMoreEdits(100, Duration.ofSeconds(60));
            bystanders.phase("quiet");
            Phase quiet = measure("quiet", cluster, () -> bystanders.awaitMoreEdits(edits, Duration.ofSeconds(120)));
            Flooder flooder = new Flooder(cluster.ws(0), "flood-doc");
            Phase flood;
            bystanders.phase("flood");
            try (flooder) {
                flooder.start();
                flood = measure("flood", cluster, () -> bystanders.awaitMoreEdits(edits, Duration.ofSeconds(120)));
            }
            bystanders.phase("after");
            StoredDocument flooded = StoredDocument.read(cluster.db, "flood-doc");
            print(quiet, flood, flooder, flooded.version(), bystanders);
            assertTrue(flooder.rejected.get() > 0, "the flood was rate-limited");
            assertTrue(flooder.otherReplies.isEmpty(), "nothing but acks and rate_limited: " + flooder.otherReplies);
            for (int code : flooder.closes) assertEquals(io.cowrite.core.protocol.CloseCode.FLOOD.code(), code, "closes " + flooder.closes);
            bystanders.stopAndCheck(cluster.db);
            assertTrue(flooded.version() >= flooder.accepted.get(), "every acked op of the flooder is committed");
        }
    }

    /** Close codes with their counts, e.g. {@code {4003=12}}. */
    private static java.util.Map<Integer, Long> summarize(List<Integer> closes) {
        return closes.stream().collect(java.util.stream.Collectors.groupingBy(c -> c, java.util.TreeMap::new,
                java.util.stream.Collectors.counting()));
    }

    private static void print(Phase quiet, Phase flood, Flooder flooder, long committed, Bystanders bystanders) {
        System.out.printf("FloodIT (%d ops/s per connection, bursts of %d):%n", OPS_PER_SECOND, 2 * OPS_PER_SECOND);
        System.out.printf("  flooder: %d ops written in %.1f s on %d connection(s); %d committed (%.1f ops/s), %d of them acked"
                        + " before a close; %d rate_limited replies, %d duplicate acks; closes %s%n", flooder.sent.get(), flood.seconds(),
                flooder.connections.get(), committed, committed / flood.seconds(), flooder.accepted.get(), flooder.rejected.get(),
                flooder.duplicateAcks.get(), summarize(flooder.closes));
        System.out.printf("  bystanders without the flood: %s over %.1f s; CPU: %s%n", bystanders.latencies("quiet").summary(),
                quiet.seconds(), quiet.cpu());
        System.out.printf("  bystanders with the flood:    %s over %.1f s; CPU: %s%n", bystanders.latencies("flood").summary(),
                flood.seconds(), flood.cpu());
    }
}
