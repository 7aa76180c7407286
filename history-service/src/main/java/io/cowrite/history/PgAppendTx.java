package io.cowrite.history;

import io.cowrite.bus.history.CommittedOp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;

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
        try {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into documents (id, head_version) values (?, 0) on conflict (id) do nothing")) {
                ps.setString(1, doc);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("select head_version from documents where id = ? for update")) {
                ps.setString(1, doc);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    @Override
    public OptionalLong committedVersion(String doc, String clientId, long seq) {
        try (PreparedStatement ps = c.prepareStatement(
                "select version from ops where doc_id = ? and client_id = ? and client_seq = ?")) {
            ps.setString(1, doc);
            ps.setString(2, clientId);
            ps.setLong(3, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
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
    public void insert(CommittedOp op) {
        try {
            OpRows.insert(c, op);
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
