package io.cowrite.history.store;

import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOpJson;
import io.cowrite.core.protocol.CommittedOp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** SQL for rows of {@code ops}, {@code milestones} and {@code documents}; shared by the Postgres classes. */
final class OpRows {
    private static final String SELECT_OPS = """
            select version, client_id, client_seq, author, op::text as op, created_at from ops
            where doc_id = ? and version >= ? and version < ? order by version limit ?""";
    private static final String INSERT_OP = """
            insert into ops (doc_id, version, client_id, client_seq, author, op, created_at)
            values (?, ?, ?, ?, ?, ?::jsonb, ?)""";
    private static final String LATEST_MILESTONE = """
            select version, text from milestones where doc_id = ? and version <= ? order by version desc limit 1""";
    private static final String HEAD = "select head_version from documents where id = ?";

    private OpRows() {
    }

    static long head(Connection c, String doc) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HEAD)) {
            ps.setString(1, doc);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    static List<CommittedOp> select(Connection c, String doc, long from, long toExclusive, int limit) throws SQLException {
        if (from >= toExclusive) return List.of();
        try (PreparedStatement ps = c.prepareStatement(SELECT_OPS)) {
            ps.setString(1, doc);
            ps.setLong(2, from);
            ps.setLong(3, toExclusive);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<CommittedOp> out = new ArrayList<>();
                while (rs.next()) out.add(row(doc, rs));
                return out;
            }
        }
    }

    private static CommittedOp row(String doc, ResultSet rs) throws SQLException {
        long version = rs.getLong("version");
        String author = rs.getString("author");
        try {
            return new CommittedOp(version, TextOpJson.parse(rs.getString("op")), rs.getString("client_id"),
                    rs.getLong("client_seq"), author == null ? "" : author,
                    rs.getTimestamp("created_at").toInstant().toEpochMilli());
        } catch (OtException e) {
            throw new SQLException("Stored op " + doc + "@" + version + " is invalid: " + e.error().code());
        }
    }

    /** Adds the inserts of {@code ops} to a batch statement (one round trip for every document's ops). */
    static PreparedStatement prepareInsert(Connection c) throws SQLException {
        return c.prepareStatement(INSERT_OP);
    }

    static void addInsert(PreparedStatement ps, String doc, CommittedOp op) throws SQLException {
        ps.setString(1, doc);
        ps.setLong(2, op.version());
        ps.setString(3, op.clientId());
        ps.setLong(4, op.seq());
        ps.setString(5, op.author());
        ps.setString(6, TextOpJson.toJsonString(op.op()));
        ps.setTimestamp(7, Timestamp.from(Instant.ofEpochMilli(op.time())));
        ps.addBatch();
    }

    static Milestone latestMilestone(Connection c, String doc, long atOrBefore) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LATEST_MILESTONE)) {
            ps.setString(1, doc);
            ps.setLong(2, atOrBefore);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Milestone(rs.getLong(1), rs.getString(2)) : Milestone.EMPTY;
            }
        }
    }
}
