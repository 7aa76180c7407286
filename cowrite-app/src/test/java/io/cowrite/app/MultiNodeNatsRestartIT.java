package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * NATS dies (SIGKILL) mid-run and comes back on the same port. Editor nodes reach history-service
 * over NATS, so nothing may be acked while it is down: clients keep editing, their edits pending.
 * When it returns, the nodes resync, the pending edits commit, and everything converges on
 * PostgreSQL.
 *
 * <p>"No acked op lost" is checked directly, not only implied: throughout the run (before, during
 * and after the outage) every op a client has been acked must already be a row in the {@code ops}
 * table ({@link EditingCrew#assertAckedAreDurable}; acks are read before the table, which only grows,
 * so the check has no race). Rows are never deleted, so an acked op once durable stays; at the end
 * every client's text equals PostgreSQL's, and the client invariant (its text always contains its
 * own acked ops, transformed) makes that text contain them too. Committed seqs per client are
 * contiguous and unique, so nothing was doubled either.
 *
 * <p>Uses its own nats-server on a free port (never the machine's shared one).
 */
class MultiNodeNatsRestartIT {

    @Test
    void clientsKeepEditingThroughANatsRestartAndNothingAckedIsLost() throws Exception {
        long seed = Long.getLong("cowrite.seed", new Random().nextLong());
        System.out.println("MultiNodeNatsRestartIT seed=" + seed + " (rerun with -Dcowrite.seed=" + seed + ")");
        try (NatsServerProcess nats = NatsServerProcess.start();
             NodeCluster cluster = NodeCluster.start("mnnats", nats.url(), 2, i -> Map.of(
                     "cowrite.editor.history-timeout", "2s"));
             EditingCrew crew = EditingCrew.join(cluster, List.of("nats-a", "nats-b"), 4)) {
            try {
                // open-ended editing; stopped after the outage
                crew.start(seed, 2000, 15, EditingCrew.randomEdits());
                Awaits.until(() -> crew.members.stream().allMatch(m -> m.doc.acked() >= 10), Duration.ofSeconds(30),
                        "every client has some acked edits before the outage");
                crew.assertAckedAreDurable(cluster.db);

                nats.kill();
                int madeAtKill = crew.totalMade();
                long ackedAtKill = acked(crew);
                long outageEnd = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (System.nanoTime() < outageEnd) { // the outage lasts 3 s; acks must stay durable meanwhile
                    crew.assertAckedAreDurable(cluster.db);
                    Thread.sleep(200);
                }
                int madeDuringOutage = crew.totalMade() - madeAtKill;
                long ackedDuringOutage = acked(crew) - ackedAtKill;
                assertTrue(madeDuringOutage > 0, "no edit was made while NATS was down");
                assertTrue(crew.members.stream().anyMatch(m -> !m.doc.isSynchronized()),
                        "edits made while NATS was down must be pending");

                nats.startAgain();
                long ackedAtRestart = acked(crew);
                Awaits.until(() -> acked(crew) > ackedAtRestart + crew.members.size(), Duration.ofSeconds(30),
                        "acks flow again after NATS returned");
                crew.assertAckedAreDurable(cluster.db);
                crew.stop();
                crew.awaitEdits(Duration.ofSeconds(30));
                crew.awaitConverged(Duration.ofSeconds(60), "seed " + seed);
                crew.assertMatchesStore(cluster.db);
                crew.assertAckedEqualsCommitted(cluster.db);
                System.out.println("MultiNodeNatsRestartIT: " + crew.totalMade() + " edits, " + madeDuringOutage
                        + " made while NATS was down, " + ackedDuringOutage + " acks arrived in the outage (ops committed"
                        + " before the kill), " + acked(crew) + " acked in all");
            } catch (Throwable t) {
                System.out.println(cluster.problems());
                throw new AssertionError("failed with seed " + seed + ": " + t.getMessage(), t);
            }
        }
    }

    private static long acked(EditingCrew crew) {
        return crew.members.stream().mapToLong(m -> m.doc.acked()).sum();
    }
}
