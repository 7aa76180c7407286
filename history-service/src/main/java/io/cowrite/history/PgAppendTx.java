package io.cowrite.history;

import io.cowrite.bus.history.AppendResult;
import io.cowrite.bus.history.CommittedOp;
import io.cowrite.bus.history.NewOp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One append transaction on a PostgreSQL connection (auto-commit off, READ COMMITTED). The row lock
 * on {@code documents} serializes appends to one document across threads and replicas; since every
 * read below runs after that lock is granted, it sees every earlier append's commit.
 * SQL failures are rethrown unchecked as {@link SqlFailure} for {@link PostgresOpLog} to unwrap.
 */
final class PgAppendTx implements AppendTx {
    private final Connection c;

    PgAppendTx(Connection c) {
        this.c = c;
    }

    /** Carries a {@link SQLException} through {@link CasAppend}. */
    static final class SqlFailure extends RuntimeException {
        SqlFailure(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    @Override
    public long lockHead(String doc) {
        // One round trip: ON CONFLICT DO UPDATE locks the existing row (an insert locks the new one).
        try (PreparedStatement ps = c.prepareStatement("""
                insert into documents (id, head_version) values (?, 0)
                on conflict (id) do update set head_version = documents.head_version
                returning head_version""")) {
            ps.setString(1, doc);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    @Override
    public List<AppendResult.DuplicateOf> committedAmong(String doc, List<NewOp> ops) {
        String[] clients = new String[ops.size()];
        Long[] seqs = new Long[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            clients[i] = ops.get(i).clientId();
            seqs[i] = ops.get(i).seq();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                select o.client_id, o.client_seq, o.version from ops o
                join unnest(?::text[], ?::bigint[]) as k(client_id, client_seq)
                  on o.client_id = k.client_id and o.client_seq = k.client_seq
                where o.doc_id = ?""")) {
            ps.setArray(1, c.createArrayOf("text", clients));
            ps.setArray(2, c.createArrayOf("bigint", seqs));
            ps.setString(3, doc);
            List<AppendResult.DuplicateOf> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new AppendResult.DuplicateOf(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
            return out;
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    @Override
    public List<CommittedOp> ops(String doc, long from, long toExclusive, int limit) {
        try {
            return OpRows.select(c, doc, from, toExclusive, limit);
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    @Override
    public Milestone latestMilestone(String doc, long atOrBefore) {
        try {
            return OpRows.latestMilestone(c, doc, atOrBefore);
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    @Override
    public void insertAll(List<CommittedOp> ops) {
        try {
            OpRows.insertAll(c, ops);
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    @Override
    public void insertMilestone(String doc, Milestone milestone) {
        try (PreparedStatement ps = c.prepareStatement("insert into milestones (doc_id, version, text) values (?, ?, ?)")) {
            ps.setString(1, doc);
            ps.setLong(2, milestone.version());
            ps.setString(3, milestone.text());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    @Override
    public void setHead(String doc, long head) {
        try (PreparedStatement ps = c.prepareStatement(
                "update documents set head_version = ?, updated_at = now() where id = ?")) {
            ps.setLong(1, head);
            ps.setString(2, doc);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }
}
