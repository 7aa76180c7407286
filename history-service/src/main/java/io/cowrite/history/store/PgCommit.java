package io.cowrite.history.store;

import io.cowrite.core.protocol.CommittedOp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One group commit on a PostgreSQL connection (auto-commit off), in five round trips whatever the
 * number of documents: the lease fence, the heads (compare-and-set), the ops, the milestones, and who
 * edited which document (the admin API's editor index).
 *
 * <p>The fence reads the lease rows {@code FOR SHARE}: a takeover (an UPDATE of the row) waits until
 * this transaction ends, so the lease cannot move between the check and the commit. A replica that
 * stops mid-transaction (SIGSTOP, a long pause) is cut off by PostgreSQL's
 * {@code idle_in_transaction_session_timeout}, which the history connections set, releasing the lock.
 */
final class PgCommit {
    private final Connection c;

    PgCommit(Connection c) {
        this.c = c;
    }

    void run(String owner, List<DocBatch> batches) throws SQLException {
        fence(owner, batches);
        moveHeads(batches);
        insertOps(batches);
        insertMilestones(batches);
        noteEditors(batches);
    }

    private void fence(String owner, List<DocBatch> batches) throws SQLException {
        Map<Integer, Long> expected = new HashMap<>();
        for (DocBatch b : batches) expected.put(b.shard(), b.epoch());
        Set<Integer> held = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select shard, epoch from shard_leases
                where owner = ? and expires_at > now() and shard = any(?) for share""")) {
            ps.setString(1, owner);
            ps.setArray(2, c.createArrayOf("integer", expected.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (expected.get(rs.getInt(1)) == rs.getLong(2)) held.add(rs.getInt(1));
                }
            }
        }
        if (held.size() < expected.size()) {
            Set<Integer> lost = new HashSet<>(expected.keySet());
            lost.removeAll(held);
            throw new StoreException(StoreException.Kind.FENCED, owner + " no longer holds shards " + lost, null, lost);
        }
    }

    /**
     * Moves each document's head from its batch's expected head (compare-and-set); creates the row of a
     * new document. A head that is not the expected one is a conflict: someone else wrote the document.
     */
    private void moveHeads(List<DocBatch> batches) throws SQLException {
        try (PreparedStatement create = c.prepareStatement("""
                insert into documents (id, head_version) values (?, ?)
                on conflict (id) do update set head_version = excluded.head_version, updated_at = now()
                where documents.head_version = 0""");
             PreparedStatement move = c.prepareStatement(
                     "update documents set head_version = ?, updated_at = now() where id = ? and head_version = ?")) {
            List<DocBatch> created = new ArrayList<>();
            List<DocBatch> moved = new ArrayList<>();
            for (DocBatch b : batches) {
                if (b.expectedHead() == 0) {
                    create.setString(1, b.doc());
                    create.setLong(2, b.newHead());
                    create.addBatch();
                    created.add(b);
                } else {
                    move.setLong(1, b.newHead());
                    move.setString(2, b.doc());
                    move.setLong(3, b.expectedHead());
                    move.addBatch();
                    moved.add(b);
                }
            }
            if (!created.isEmpty()) check(create.executeBatch(), created);
            if (!moved.isEmpty()) check(move.executeBatch(), moved);
        }
    }

    private static void check(int[] counts, List<DocBatch> batches) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                DocBatch b = batches.get(i);
                throw new StoreException(StoreException.Kind.CONFLICT, b.doc() + " is not at version " + b.expectedHead(), null);
            }
        }
    }

    private void insertOps(List<DocBatch> batches) throws SQLException {
        try (PreparedStatement ps = OpRows.prepareInsert(c)) {
            for (DocBatch b : batches) {
                for (CommittedOp op : b.ops()) OpRows.addInsert(ps, b.doc(), op);
            }
            ps.executeBatch();
        }
    }

    private void insertMilestones(List<DocBatch> batches) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into milestones (doc_id, version, text) values (?, ?, ?)")) {
            int n = 0;
            for (DocBatch b : batches) {
                for (Milestone m : b.milestones()) {
                    ps.setString(1, b.doc());
                    ps.setLong(2, m.version());
                    ps.setString(3, m.text());
                    ps.addBatch();
                    n++;
                }
            }
            if (n > 0) ps.executeBatch();
        }
    }

    /**
     * Counts each (author, document)'s ops of the group, one upsert per pair: {@code document_editors}
     * (V4). Only a document's owner writes its rows, so concurrent groups never touch the same row; the
     * pairs go in key order anyway.
     */
    private void noteEditors(List<DocBatch> batches) throws SQLException {
        Map<List<String>, long[]> pairs = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0))
                ? a.get(1).compareTo(b.get(1)) : a.get(0).compareTo(b.get(0)));
        for (DocBatch b : batches) {
            for (CommittedOp op : b.ops()) {
                long[] countAndLast = pairs.computeIfAbsent(List.of(op.author(), b.doc()), k -> new long[2]);
                countAndLast[0]++;
                countAndLast[1] = Math.max(countAndLast[1], op.time());
            }
        }
        if (pairs.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("""
                insert into document_editors (author, doc_id, ops, last_at) values (?, ?, ?, ?)
                on conflict (author, doc_id) do update
                set ops = document_editors.ops + excluded.ops, last_at = greatest(document_editors.last_at, excluded.last_at)""")) {
            for (Map.Entry<List<String>, long[]> e : pairs.entrySet()) {
                ps.setString(1, e.getKey().get(0));
                ps.setString(2, e.getKey().get(1));
                ps.setLong(3, e.getValue()[0]);
                ps.setTimestamp(4, Timestamp.from(Instant.ofEpochMilli(e.getValue()[1])));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
