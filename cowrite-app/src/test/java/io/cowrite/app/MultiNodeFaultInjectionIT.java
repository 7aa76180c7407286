package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The convergence test with an unreliable bus: every editor node drops 20% and delays (reorders)
 * 20% of the committed-op messages it receives ({@code FaultyFeed}, seeded per node). Nodes must still
 * converge, through gap fills from history-service and head checks; the nodes' own Prometheus
 * counters prove that gaps were filled, so the test cannot pass without exercising the mechanism.
 */
class MultiNodeFaultInjectionIT {

    @Test
    void nodesConvergeThroughGapFillsWhenTheBusDropsAndReorders() throws Exception {
        long seed = Long.getLong("cowrite.seed", new Random().nextLong());
        System.out.println("MultiNodeFaultInjectionIT seed=" + seed + " (rerun with -Dcowrite.seed=" + seed + ")");
        try (NodeCluster cluster = NodeCluster.start("mnfault", "nats://127.0.0.1:4222", 3, i -> Map.of(
                "cowrite.test.fault-drop-rate", "0.2",
                "cowrite.test.fault-delay-rate", "0.2",
                "cowrite.test.fault-seed", String.valueOf(seed + i)));
             EditingCrew crew = EditingCrew.join(cluster, List.of("fault-a", "fault-b", "fault-c", "fault-feed"), 6)) {
            try {
                // fault-a..c: writers on every node. fault-feed: written on node 0 only and read on nodes 1
                // and 2, which learn its ops from the feed alone: drops there must be filled from history
                // (a dropped LAST op is revealed by the owner's head heartbeat).
                EditingCrew.EditMaker random = EditingCrew.randomEdits();
                crew.start(seed, 150, 6, (member, k, text, r) -> {
                    EditingCrew.Member m = crew.members.get(member);
                    return m.docId.equals("fault-feed") && m.node != 0 ? null : random.next(member, k, text, r);
                });
                crew.awaitEdits(Duration.ofSeconds(60));
                crew.awaitConverged(Duration.ofSeconds(30), "seed " + seed);
                crew.assertMatchesStore(cluster.db);
                crew.assertAckedEqualsCommitted(cluster.db);
                long gaps = cluster.counter("cowrite_editor_gaps_filled_total", cluster.editors);
                long drift = cluster.counter("cowrite_editor_head_drift_total", cluster.editors);
                System.out.println("MultiNodeFaultInjectionIT: " + crew.totalMade() + " edits, " + gaps
                        + " gaps filled, " + drift + " head checks found drift");
                assertTrue(gaps > 0, "the faulty bus dropped messages, yet no node filled a gap");
            } catch (Throwable t) {
                System.out.println(cluster.problems());
                throw new AssertionError("failed with seed " + seed + ": " + t.getMessage(), t);
            }
        }
    }
}
