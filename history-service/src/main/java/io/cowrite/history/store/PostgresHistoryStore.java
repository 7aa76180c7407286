package io.cowrite.history.store;

import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.history.api.LoadResult;
import io.cowrite.history.api.RangeResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The production {@link HistoryStore}: plain SQL over a JDBC {@link DataSource} (schema: Flyway). Reads
 * run in one REPEATABLE READ read-only transaction, so a load's milestone and tail agree. A commit is
 * one READ COMMITTED transaction for many documents ({@link PgCommit}): one fsync however many
 * documents it carries.
 */
public final class PostgresHistoryStore implements HistoryStore {
    private final DataSource dataSource;

    public PostgresHistoryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public LoadResult load(String doc) {
        return read("Load of " + doc, c -> {
            long head = OpRows.head(c, doc);
            Milestone m = OpRows.latestMilestone(c, doc, head);
            return new LoadResult(doc, m.version(), m.text(), OpRows.select(c, doc, m.version(), head, Integer.MAX_VALUE));
        });
    }

    @Override
    public RangeResult range(String doc, long from, long toExclusive, int limit) {
        return read("Range of " + doc, c -> {
            long head = OpRows.head(c, doc);
            long end = Math.min(toExclusive, head);
            List<CommittedOp> page = OpRows.select(c, doc, Math.max(from, 0), end, limit);
            return new RangeResult(doc, page, from + page.size() < end, head);
        });
    }

    @Override
    public Map<String, Long> heads(Collection<String> docs) {
        return read("Heads", c -> {
            Map<String, Long> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("select id, head_version from documents where id = any(?)")) {
                ps.setArray(1, c.createArrayOf("text", docs.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    @Override
    public SeqAt lastSeq(String doc, String clientId) {
        return read("Last seq of " + clientId + " in " + doc, c -> {
            // the op's row, or the seq kept when retention deleted it (compacted_seqs)
            try (PreparedStatement ps = c.prepareStatement("""
                    select client_seq, version from (
                      (select client_seq, version from ops where doc_id = ? and client_id = ?
                       order by client_seq desc limit 1)
                      union all
                      (select client_seq, version from compacted_seqs where doc_id = ? and client_id = ?)
                    ) s order by client_seq desc limit 1""")) {
                ps.setString(1, doc);
                ps.setString(2, clientId);
                ps.setString(3, doc);
                ps.setString(4, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new SeqAt(rs.getLong(1), rs.getLong(2)) : null;
                }
            }
        });
    }

    @Override
    public OptionalLong versionOf(String doc, String clientId, long seq) {
        return read("Version of (" + clientId + ", " + seq + ") in " + doc, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select version from ops where doc_id = ? and client_id = ? and client_seq = ?")) {
                ps.setString(1, doc);
                ps.setString(2, clientId);
                ps.setLong(3, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    @Override
    public void commit(String owner, List<DocBatch> batches) {
        if (batches.isEmpty()) return;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // READ COMMITTED: the pool's isolation (see application-history.yml)
            try {
                new PgCommit(c).run(owner, batches);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) { // a version or (client, seq) written by someone else
                throw new StoreException(StoreException.Kind.CONFLICT, "Commit met a row written meanwhile: " + e.getMessage(), e);
            }
            throw StoreException.of("Commit of " + batches.size() + " documents", e);
        }
    }

    @Override
    public Milestone milestoneAtOrBelow(String doc, long version) {
        return read("Milestone of " + doc, c -> OpRows.latestMilestone(c, doc, version));
    }

    @Override
    public long horizon(String doc) {
        return read("Horizon of " + doc, c -> PgCompaction.horizon(c, doc));
    }

    @Override
    public List<Compactable> compactable(Instant cutoff) {
        return read("Compactable documents", c -> PgCompaction.compactable(c, cutoff));
    }

    @Override
    public long compactedDocuments() {
        return read("Compacted documents", c -> {
            try (PreparedStatement ps = c.prepareStatement("select count(*) from documents where horizon > 0");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public boolean compact(String owner, int shard, long epoch, String doc, long milestone) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // READ COMMITTED: the pool's isolation (see application-history.yml)
            try {
                boolean done = new PgCompaction(c).run(owner, shard, epoch, doc, milestone);
                c.commit();
                return done;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw StoreException.of("Compaction of " + doc, e);
        }
    }

    private <T> T read(String what, Snapshots.Read<T> body) {
        return Snapshots.read(dataSource, what, body);
    }
}
