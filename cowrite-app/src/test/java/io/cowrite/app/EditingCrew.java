package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.client.DocumentClient;
import io.cowrite.client.RandomEdits;
import io.cowrite.core.ot.TextOp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients of a few documents spread over the editor nodes of a {@link NodeCluster}, editing at the
 * same time from virtual threads, and the checks every multi-node test makes afterwards.
 */
final class EditingCrew implements AutoCloseable {

    /** Makes member {@code member}'s {@code k}-th edit of {@code text}; null: this member only reads. */
    interface EditMaker {
        TextOp next(int member, int k, String text, Random random);
    }

    /** One client in one document; {@code node} is the editor node it is connected to now. */
    static final class Member {
        final TestClient client;
        final DocumentClient doc;
        final String docId;
        volatile int node;
        final AtomicInteger made = new AtomicInteger();

        Member(TestClient client, DocumentClient doc, String docId, int node) {
            this.client = client;
            this.doc = doc;
            this.docId = docId;
            this.node = node;
        }
    }

    final List<Member> members = new ArrayList<>();
    final List<String> docs;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Future<?>> work = new ArrayList<>();
    private volatile boolean stopped;

    private EditingCrew(List<String> docs) {
        this.docs = docs;
    }

    /** Client {@code i} of document {@code d} connects to node {@code (d + i) % nodes}: every document has clients on every node. */
    static EditingCrew join(NodeCluster cluster, List<String> docs, int clientsPerDoc) {
        EditingCrew crew = new EditingCrew(docs);
        int nodes = cluster.editors.size();
        for (int d = 0; d < docs.size(); d++) {
            for (int i = 0; i < clientsPerDoc; i++) {
                int node = (d + i) % nodes;
                TestClient c = new TestClient(cluster.ws(node), docs.get(d) + "-c" + i).connect();
                crew.members.add(new Member(c, c.join(docs.get(d)), docs.get(d), node));
            }
        }
        return crew;
    }

    /** Seeded random typing, deleting and pasting ({@link RandomEdits}). */
    static EditMaker randomEdits() {
        Map<Random, RandomEdits> edits = new java.util.concurrent.ConcurrentHashMap<>();
        return (member, k, text, random) -> edits.computeIfAbsent(random, RandomEdits::new).next(text);
    }

    /**
     * Every member makes up to {@code edits} edits with a random pause of 0 to {@code maxDelayMs} ms
     * after each, all members at once, until done or {@link #stop()}.
     */
    void start(long seed, int edits, int maxDelayMs, EditMaker maker) {
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            Random random = new Random(seed * 31 + i);
            int member = i;
            work.add(pool.submit(() -> {
                for (int k = 0; k < edits && !stopped; k++) {
                    synchronized (m.doc) {
                        TextOp op = maker.next(member, k, m.doc.text(), random);
                        if (op == null) return null;
                        m.doc.edit(op);
                    }
                    m.made.incrementAndGet();
                    if (maxDelayMs > 0) Thread.sleep(random.nextInt(maxDelayMs + 1));
                }
                return null;
            }));
        }
    }

    void stop() {
        stopped = true;
    }

    /** Waits for every editing thread to finish, and rethrows the first failure. */
    void awaitEdits(Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        for (Future<?> f : work) f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        System.out.printf("edits done %d ms after awaiting them%n", (System.nanoTime() - start) / 1_000_000);
    }

    int totalMade() {
        return members.stream().mapToInt(m -> m.made.get()).sum();
    }

    List<Member> of(String doc) {
        return members.stream().filter(m -> m.docId.equals(doc)).toList();
    }

    /** Every client of each document has nothing pending and the same version. */
    void awaitConverged(Duration timeout, String context) {
        long start = System.nanoTime();
        for (String doc : docs) {
            List<Member> same = of(doc);
            try {
                Awaits.until(() -> same.stream().allMatch(m -> m.doc.isSynchronized())
                                && same.stream().mapToLong(m -> m.doc.version()).distinct().count() == 1,
                        timeout, "clients of " + doc + " synchronized at one version (" + context + ")");
            } catch (AssertionError e) {
                StringBuilder state = new StringBuilder(e.getMessage()).append("; clients:");
                for (Member m : same) {
                    state.append(String.format("%n  %s on node %d: version %d, synchronized %s, acked %d, made %d",
                            m.client.clientId, m.node, m.doc.version(), m.doc.isSynchronized(), m.doc.acked(), m.made.get()));
                    try {
                        m.client.assertHealthy();
                    } catch (AssertionError unhealthy) {
                        state.append(", ").append(unhealthy.getMessage());
                    }
                }
                throw new AssertionError(state.toString(), e);
            }
        }
        System.out.printf("converged %d ms after the wait began%n", (System.nanoTime() - start) / 1_000_000);
    }

    /** Every client applied every message, and each document's clients equal PostgreSQL (versions contiguous). */
    void assertMatchesStore(TestDatabase db) throws Exception {
        for (Member m : members) m.client.assertHealthy();
        for (String doc : docs) {
            StoredDocument stored = StoredDocument.read(db, doc);
            assertTrue(stored.version() > 0, doc + " has no committed op");
            for (Member m : of(doc)) {
                assertEquals(stored.version(), m.doc.version(), m.client.clientId + " version");
                assertEquals(stored.text(), m.doc.text(), m.client.clientId + " text");
            }
        }
    }

    /**
     * No ack before the commit, checked straight against PostgreSQL: a client has one op in flight
     * and its seqs count up from 1, so its acked ops are exactly seqs 1..acked. Reading the acked
     * counts BEFORE the table (which only grows) makes the check race-free: every acked seq must
     * already be a row. The committed seqs of a client must be contiguous from 1 (none lost in the
     * middle, none twice: UNIQUE(doc_id, client_id, client_seq)).
     */
    void assertAckedAreDurable(TestDatabase db) throws Exception {
        Map<String, Long> acked = new HashMap<>();
        for (Member m : members) acked.put(m.docId + "/" + m.client.clientId, m.doc.acked());
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT doc_id, client_id, count(*), max(client_seq) FROM ops GROUP BY doc_id, client_id")) {
            Map<String, long[]> rows = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.put(rs.getString(1) + "/" + rs.getString(2), new long[] {rs.getLong(3), rs.getLong(4)});
            }
            for (Map.Entry<String, Long> e : acked.entrySet()) {
                long[] r = rows.getOrDefault(e.getKey(), new long[] {0, 0});
                assertEquals(r[1], r[0], e.getKey() + ": committed seqs must be 1..max without a hole");
                assertTrue(e.getValue() <= r[0], e.getKey() + ": " + e.getValue() + " ops acked but only " + r[0] + " committed");
            }
        }
    }

    /** After convergence: every committed op of a client was acked to it, and every acked op is committed. */
    void assertAckedEqualsCommitted(TestDatabase db) throws Exception {
        assertAckedAreDurable(db);
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM ops WHERE doc_id = ? AND client_id = ?")) {
            for (Member m : members) {
                ps.setString(1, m.docId);
                ps.setString(2, m.client.clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(rs.getLong(1), m.doc.acked(), m.client.clientId + ": committed ops vs acks received");
                }
            }
        }
    }

    @Override
    public void close() {
        stop();
        pool.shutdownNow();
        for (Member m : members) m.client.close();
    }
}
