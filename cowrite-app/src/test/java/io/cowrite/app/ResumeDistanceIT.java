package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.app.faults.TcpProxy;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.ServerMessage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that was away while others edited comes back with an edit it made meanwhile (its op went
 * into a blackholed connection: sent, never delivered): 100 versions behind it catches up through
 * replay and resends the op with its seq; 50,000 versions behind (beyond the 1,000-op replay bound) it
 * gets a resync snapshot, its resend is refused as too old, and it rebases the edit on the snapshot and
 * sends it again under a new seq (protocol §11). Either way the edit lands once and everyone converges
 * with PostgreSQL. The other edits go through the real write path (closed-loop {@link Writers}), so
 * the far case spends most of its time writing 50,000 ops ({@code -Dcowrite.resume.far=N} to change it).
 */
class ResumeDistanceIT {
    private static final String MARK = "MARK";
    private static NodeCluster cluster;
    private static long seed;

    @BeforeAll
    static void start() throws Exception {
        seed = Long.getLong("cowrite.seed", new Random().nextLong());
        System.out.println("ResumeDistanceIT seed=" + seed + " (rerun with -Dcowrite.seed=" + seed + ")");
        cluster = NodeCluster.start("resume", "nats://127.0.0.1:4222", 1, i -> Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    @Test
    void aClient100VersionsBehindCatchesUpThroughReplayAndResendsItsOp() throws Exception {
        Resumed r = awayWhileOthersWrite("near", 100);
        assertNotNull(r.catchup.get(), "no catch-up");
        assertEquals(null, r.resync.get(), "a resync where a replay was due");
        assertEquals(r.behind, r.catchup.get().ops().size(), "ops replayed");
        assertEquals(0, r.resyncsAfter - r.resyncsBefore, "resyncs counted by the node");
        assertTrue(r.storedSeqs.contains(r.firstSeq), "the op in flight was resent with its seq and committed");
        assertEquals(Set.of(r.firstSeq), r.storedSeqs, "the client's ops in PostgreSQL");
    }

    @Test
    void aClient50000VersionsBehindResumesThroughAResyncKeepingItsEdit() throws Exception {
        Resumed r = awayWhileOthersWrite("far", Integer.getInteger("cowrite.resume.far", 50_000));
        assertNotNull(r.resync.get(), "no resync snapshot");
        assertEquals(null, r.catchup.get(), "a catch-up beyond the replay bound");
        assertEquals(1, r.resyncsAfter - r.resyncsBefore, "resyncs counted by the node");
        assertFalse(r.storedSeqs.contains(r.firstSeq), "an op based 50,000 versions back was committed as it was");
        assertEquals(1, r.storedSeqs.size(), "the rebased edit, committed once under a new seq: " + r.storedSeqs);
    }

    /** What the client saw when it came back, and what PostgreSQL holds afterwards. */
    private record Resumed(long behind, long firstSeq, Set<Long> storedSeqs, long resyncsBefore, long resyncsAfter,
                           AtomicReference<ServerMessage.Catchup> catchup, AtomicReference<ServerMessage.Snapshot> resync) {
    }

    private Resumed awayWhileOthersWrite(String doc, long behind) throws Exception {
        ServiceProcess node = cluster.editors.get(0);
        Set<String> submitted = ConcurrentHashMap.newKeySet();
        AtomicReference<ServerMessage.Catchup> catchup = new AtomicReference<>();
        AtomicReference<ServerMessage.Snapshot> resync = new AtomicReference<>();
        AtomicLong joinedAt = new AtomicLong();
        AtomicLong welcomedAt = new AtomicLong();
        try (TcpProxy proxy = new TcpProxy(node.ws(), seed);
             Writers writers = new Writers(node.ws(), doc, behind <= 1000 ? 1 : 16, seed); // one writer: exactly `behind`
             ResumingClient away = new ResumingClient(proxy.in(node.ws()), doc + "-away", doc, submitted, null, seed).start()) {
            try {
                Awaits.until(away::isLive, Duration.ofSeconds(20), "the client that goes away, live");
                long v0 = away.document().version();
                proxy.blackholeAll(); // from here its connection is half-open: what it sends goes nowhere
                away.edit(TextOp.of(new Component.Insert(MARK)));
                long firstSeq = away.document().inflightSeq();
                assertTrue(firstSeq > 0, "the edit is in flight");

                long t0 = System.nanoTime();
                writers.writeUntil(v0 + behind, Duration.ofSeconds(150));
                long head = writers.clients.get(0).document().version();
                System.out.printf("%s: %d ops written by the others in %d ms%n", doc, head - v0, (System.nanoTime() - t0) / 1_000_000);

                away.observe(m -> {
                    switch (m) {
                        case ServerMessage.Welcome w -> welcomedAt.set(System.nanoTime());
                        case ServerMessage.Catchup c -> { catchup.set(c); joinedAt.set(System.nanoTime()); }
                        case ServerMessage.Snapshot s when s.resync() -> { resync.set(s); joinedAt.set(System.nanoTime()); }
                        default -> { }
                    }
                });
                long resyncsBefore = cluster.metric("cowrite_editor_resyncs_total", node);
                proxy.cutAll(TcpProxy.Cut.RST); // the client notices, reconnects through the proxy, resumes
                Awaits.until(() -> away.isLive() && away.document().isSynchronized(), Duration.ofSeconds(30),
                        "the client back with its edit committed");
                System.out.printf("%s: %d versions behind, live %.1f ms after its welcome%n", doc, head - v0,
                        (joinedAt.get() - welcomedAt.get()) / 1e6);
                long resyncsAfter = cluster.metric("cowrite_editor_resyncs_total", node);

                long end = away.document().version();
                Awaits.until(() -> writers.clients.stream().allMatch(w -> w.document().version() == end), Duration.ofSeconds(20),
                        "the writers saw the edit");
                StoredDocument stored = StoredDocument.read(cluster.db, doc);
                assertEquals(stored.version(), end);
                assertEquals(stored.text(), away.document().text());
                for (ResumingClient w : writers.clients) assertEquals(stored.text(), w.document().text(), w.label);
                assertEquals(1, count(stored.text(), MARK), "the edit made while away, once: " + stored.text());
                away.assertHealthy();
                writers.assertHealthy();
                return new Resumed(head - v0, firstSeq, storedSeqs(doc, away.clientId()), resyncsBefore, resyncsAfter, catchup, resync);
            } catch (Throwable t) {
                System.out.println(cluster.problems());
                throw new AssertionError("failed with seed " + seed + ": " + t.getMessage(), t);
            }
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }

    private static Set<Long> storedSeqs(String doc, String clientId) throws Exception {
        Set<Long> seqs = new java.util.HashSet<>();
        try (java.sql.Connection c = cluster.db.connect();
             PreparedStatement ps = c.prepareStatement("SELECT client_seq FROM ops WHERE doc_id = ? AND client_id = ?")) {
            ps.setString(1, doc);
            ps.setString(2, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) seqs.add(rs.getLong(1));
            }
        }
        return seqs;
    }
}
