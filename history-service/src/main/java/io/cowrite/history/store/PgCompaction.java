package io.cowrite.history.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Retention's SQL: which documents can be compacted, and one compaction on a PostgreSQL connection
 * (auto-commit off). A compaction moves {@code documents.horizon} first (a compare-and-set that also
 * checks the milestone exists), so two compactions of one document serialize on its row; the ops it
 * deletes are below every version a commit writes, so commits of the document go on beside it.
 */
final class PgCompaction {
    private final Connection c;

    PgCompaction(Connection c) {
        this.c = c;
    }

    static long horizon(Connection c, String doc) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select horizon from documents where id = ?")) {
            ps.setString(1, doc);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Per document, the highest milestone above its horizon whose preceding op is older than {@code cutoff}. */
    static List<HistoryStore.Compactable> compactable(Connection c, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select m.doc_id, max(m.version) from milestones m
                join documents d on d.id = m.doc_id
                join ops o on o.doc_id = m.doc_id and o.version = m.version - 1
                where m.version > d.horizon and m.version <= d.head_version and o.created_at < ?
                group by m.doc_id""")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            try (ResultSet rs = ps.executeQuery()) {
                List<HistoryStore.Compactable> out = new ArrayList<>();
                while (rs.next()) out.add(new HistoryStore.Compactable(rs.getString(1), rs.getLong(2)));
                return out;
            }
        }
    }

    boolean run(String owner, int shard, long epoch, String doc, long milestone) throws SQLException {
        fence(owner, shard, epoch);
        if (!moveHorizon(doc, milestone)) return false;
        keepLastSeqs(doc, milestone);
        delete("delete from ops where doc_id = ? and version < ?", doc, milestone);
        delete("delete from milestones where doc_id = ? and version < ?", doc, milestone);
        return true;
    }

    /** As a commit's fence: the lease row read FOR SHARE, so it cannot move before this transaction ends. */
    private void fence(String owner, int shard, long epoch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select epoch from shard_leases where shard = ? and owner = ? and expires_at > now() for share""")) {
            ps.setInt(1, shard);
            ps.setString(2, owner);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(1) != epoch) {
                    throw new StoreException(StoreException.Kind.FENCED, owner + " no longer holds shard " + shard, null,
                            Set.of(shard));
                }
            }
        }
    }

    private boolean moveHorizon(String doc, long milestone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update documents set horizon = ? where id = ? and horizon < ?
                and exists (select 1 from milestones where doc_id = ? and version = ?)""")) {
            ps.setLong(1, milestone);
            ps.setString(2, doc);
            ps.setLong(3, milestone);
            ps.setString(4, doc);
            ps.setLong(5, milestone);
            return ps.executeUpdate() == 1;
        }
    }

    /** Each client's last (seq, version) among the ops about to go, unless a later one is kept already. */
    private void keepLastSeqs(String doc, long milestone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into compacted_seqs (doc_id, client_id, client_seq, version)
                select distinct on (client_id) doc_id, client_id, client_seq, version from ops
                where doc_id = ? and version < ? order by client_id, client_seq desc
                on conflict (doc_id, client_id) do update set client_seq = excluded.client_seq, version = excluded.version
                where compacted_seqs.client_seq < excluded.client_seq""")) {
            ps.setString(1, doc);
            ps.setLong(2, milestone);
            ps.executeUpdate();
        }
    }

    private void delete(String sql, String doc, long below) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, doc);
            ps.setLong(2, below);
            ps.executeUpdate();
        }
    }
}
