package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three editor-server nodes (separate JVMs) and a history-service on real NATS and PostgreSQL, a
 * cluster of their own per test. Reproduce a failure with {@code -Dcowrite.seed=<printed seed>}.
 */
class MultiNodeConvergenceIT {
    private final long seed = Long.getLong("cowrite.seed", new Random().nextLong());

    private NodeCluster cluster(String name) throws Exception {
        System.out.println("MultiNodeConvergenceIT seed=" + seed + " (rerun with -Dcowrite.seed=" + seed + ")");
        return NodeCluster.start(name, "nats://127.0.0.1:4222", 3, i -> Map.of());
    }

    /**
     * Six clients per document spread over the three nodes make seeded random concurrent edits on
     * three documents, so every node forwards submits of every document to its owner and applies the
     * others' ops from NATS: all converge, equal to PostgreSQL, and no commit meets a conflict.
     */
    @Test
    void clientsOnThreeNodesConvergeAndMatchPostgres() throws Exception {
        try (NodeCluster cluster = cluster("mnconv");
             EditingCrew crew = EditingCrew.join(cluster, List.of("conv-a", "conv-b", "conv-c"), 6)) {
            try {
                crew.start(seed, 150, 6, EditingCrew.randomEdits());
                crew.awaitEdits(Duration.ofSeconds(60));
                crew.awaitConverged(Duration.ofSeconds(30), "seed " + seed);
                crew.assertMatchesStore(cluster.db);
                crew.assertAckedEqualsCommitted(cluster.db);
                long refusals = cluster.counter("cowrite_history_commit_refusals_total", List.of(cluster.history));
                long unavailable = cluster.counter("cowrite_editor_submits_unavailable_total", cluster.editors);
                System.out.println("MultiNodeConvergenceIT: " + crew.totalMade() + " edits, " + refusals
                        + " refused commits, " + unavailable + " submits answered unavailable");
                assertEquals(0, refusals, "one owner per document: no commit ever meets a conflict");
            } catch (Throwable t) {
                System.out.println(cluster.problems());
                throw new AssertionError("failed with seed " + seed + ": " + t.getMessage(), t);
            }
        }
    }

    /**
     * Every edit inserts a unique marker at a marker boundary (so no edit can split or delete
     * another's); at the end every marker of every client is in the text exactly once, and the text
     * equals PostgreSQL. The orphaned clients notice the dropped connection, reconnect to a surviving
     * node and resume there (join with their last version, resend the in-flight op with its seq)
     * while they keep typing.
     */
    @Test
    void clientsOfAKilledNodeResumeOnAnotherWithoutLosingEdits() throws Exception {
        int edits = 120;
        try (NodeCluster cluster = cluster("mncrash");
             EditingCrew crew = EditingCrew.join(cluster, List.of("crash-a", "crash-b"), 6)) {
            try {
                crew.start(seed, edits, 40, MultiNodeConvergenceIT::marker);
                Awaits.until(() -> crew.members.stream().allMatch(m -> m.made.get() >= edits / 4), Duration.ofSeconds(30),
                        "every client made a quarter of its edits before the crash");

                List<EditingCrew.Member> orphans = crew.members.stream().filter(m -> m.node == 0).toList();
                cluster.editors.get(0).kill();
                int madeAtKill = crew.totalMade();
                long ackedAtKill = crew.members.stream().mapToLong(m -> m.doc.acked()).sum();
                int resumed = 0;
                List<String> pendingAtReconnect = new ArrayList<>();
                for (EditingCrew.Member m : orphans) {
                    m.client.connection.closed().get(10, TimeUnit.SECONDS); // the client notices the drop
                    int to = 1 + resumed++ % 2;
                    if (!m.doc.isSynchronized()) pendingAtReconnect.add(m.client.clientId);
                    m.client.reconnect(cluster.ws(to));
                    m.node = to;
                }
                crew.awaitEdits(Duration.ofSeconds(60));
                crew.awaitConverged(Duration.ofSeconds(30), "seed " + seed);
                crew.assertMatchesStore(cluster.db);
                crew.assertAckedEqualsCommitted(cluster.db);
                for (String doc : crew.docs) {
                    String text = crew.of(doc).get(0).doc.text();
                    int markers = 0;
                    for (EditingCrew.Member m : crew.of(doc)) {
                        int member = crew.members.indexOf(m);
                        for (int k = 0; k < m.made.get(); k++) {
                            assertEquals(1, occurrences(text, marker(member, k)),
                                    "marker " + marker(member, k) + " of " + m.client.clientId + " in " + doc);
                            markers++;
                        }
                    }
                    assertEquals(markers, occurrences(text, "|"), doc + " holds a marker nobody made");
                }
                assertTrue(crew.members.stream().allMatch(m -> m.made.get() == edits), "every client made all its edits");
                assertTrue(crew.totalMade() > madeAtKill, "no edit was made after the kill");
                System.out.println("MultiNodeConvergenceIT crash: " + crew.totalMade() + " edits (" + madeAtKill + " made, "
                        + ackedAtKill + " acks before the kill); " + orphans.size() + " clients resumed on other nodes; "
                        + "clients with pending edits at reconnect: " + pendingAtReconnect);
            } catch (Throwable t) {
                System.out.println(cluster.problems());
                throw new AssertionError("failed with seed " + seed + ": " + t.getMessage(), t);
            }
        }
    }

    private static String marker(int member, int k) {
        return "<" + member + "." + k + ">|";
    }

    /** Inserts the k-th marker of {@code member} at the start or right after another marker. */
    private static TextOp marker(int member, int k, String text, Random random) {
        List<Integer> boundaries = new ArrayList<>();
        boundaries.add(0);
        for (int i = text.indexOf('|'); i >= 0; i = text.indexOf('|', i + 1)) boundaries.add(i + 1); // ASCII: chars = code points
        int at = boundaries.get(random.nextInt(boundaries.size()));
        try {
            Component.Insert insert = new Component.Insert(marker(member, k));
            return at == 0 ? TextOp.of(insert) : TextOp.of(new Component.Skip(at), insert);
        } catch (OtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int occurrences(String text, String s) {
        int n = 0;
        for (int i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) n++;
        return n;
    }
}
