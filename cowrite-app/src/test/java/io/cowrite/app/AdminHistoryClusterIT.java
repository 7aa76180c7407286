package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cowrite.history.api.ShardMap;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The distributed deployment, every service its own process: two history-service replicas, two editor
 * nodes, clients of one document typing on both. An admin restores and undoes an author through the
 * replica that does NOT own the document: its op travels to the owner as a Submit on the shard's subject
 * and reaches every client on both nodes like anyone's op.
 */
class AdminHistoryClusterIT {
    private static final String DOC = "admin-cluster";

    private static long seed() {
        long seed = Long.getLong("cowrite.seed", new Random().nextLong());
        System.out.println("AdminHistoryClusterIT seed=" + seed + " (rerun with -Dcowrite.seed=" + seed + ")");
        return seed;
    }

    /** The replica holding {@code doc}'s shard now. */
    private static String ownerOf(TestDatabase db, String doc) throws Exception {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("select owner from shard_leases where shard = ? and expires_at > now()")) {
            ps.setInt(1, new ShardMap(32).shardOf(doc));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String[] committedBy(TestDatabase db, long version) throws Exception {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("select author, client_id from ops where doc_id = ? and version = ?")) {
            ps.setString(1, DOC);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no op at " + version);
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }

    @Test
    void aRestoreAndAnUndoAskedOfTheOtherReplicaReachEveryClientOnEveryNode() throws Exception {
        long seed = seed();
        try (NodeCluster cluster = NodeCluster.start("admclu", "nats://127.0.0.1:4222", 2, 2, i -> Map.of());
             EditingCrew crew = EditingCrew.join(cluster, List.of(DOC), 4)) {
            try {
                crew.start(seed, 100_000, 30, EditingCrew.randomEdits()); // typing until stopped
                Awaits.until(() -> crew.totalMade() >= 60, Duration.ofSeconds(60), "60 edits made");
                Awaits.until(() -> {
                    try {
                        String owner = ownerOf(cluster.db, DOC);
                        return owner != null && cluster.histories.stream().anyMatch(h -> !h.name.equals(owner));
                    } catch (Exception e) {
                        return false;
                    }
                }, Duration.ofSeconds(30), "the document has an owner");
                String owner = ownerOf(cluster.db, DOC);
                ServiceProcess other = cluster.histories.stream().filter(h -> !h.name.equals(owner)).findFirst().orElseThrow();
                AdminApi api = new AdminApi(other.port, ServiceProcess.ADMIN_TOKEN);

                JsonNode restored = api.post("/documents/" + DOC + "/restore", "{\"version\":10}");
                String author = crew.members.get(1).client.label; // open mode: the display name is the author
                JsonNode undone = api.post("/documents/" + DOC + "/undo",
                        "{\"author\":\"" + author + "\",\"from\":0,\"to\":" + restored.get("version").asLong() + "}");
                Awaits.until(() -> crew.totalMade() >= 100, Duration.ofSeconds(60), "typing goes on after them");
                crew.stop();
                crew.awaitEdits(Duration.ofSeconds(60));
                crew.awaitConverged(Duration.ofSeconds(60), "seed " + seed);
                crew.assertMatchesStore(cluster.db); // contiguous versions, every client's text equal to PostgreSQL
                crew.assertAckedEqualsCommitted(cluster.db); // nothing acked lost, nothing doubled
                for (JsonNode done : List.of(restored, undone)) {
                    String[] by = committedBy(cluster.db, done.get("version").asLong());
                    assertEquals("admin", by[0], "the admin's op");
                    assertTrue(by[1].startsWith("admin-"), by[1]);
                }
                assertNotNull(undone.get("spans"));
            } catch (Throwable t) {
                System.out.println(cluster.problems());
                throw new AssertionError("failed with seed " + seed + ": " + t.getMessage(), t);
            }
        }
    }
}
