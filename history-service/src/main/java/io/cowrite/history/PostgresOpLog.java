package io.cowrite.history;

import io.cowrite.bus.history.AppendRequest;
import io.cowrite.bus.history.AppendResult;
import io.cowrite.bus.history.CommittedOp;
import io.cowrite.bus.history.LoadResult;
import io.cowrite.bus.history.RangeResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.List;
import javax.sql.DataSource;

/**
 * The production {@link OpLog}: plain SQL over a JDBC {@link DataSource} (schema: Flyway
 * {@code V1__schema.sql}). An append is one transaction: insert-if-absent and {@code select ... for
 * update} the document row (serializing appends to that document across replicas), then
 * {@link CasAppend}, then commit, or roll back on conflict or failure. The UNIQUE constraints on
 * (doc_id, version) and (doc_id, client_id, client_seq) are the backstop should the lock ever be
 * bypassed: a violation rolls back and surfaces as {@link OpLogException}. Reads run in one
 * REPEATABLE READ read-only transaction so that a load's milestone and tail agree.
 */
public final class PostgresOpLog implements OpLog {
    private final DataSource dataSource;
    private final OpLogSettings settings;
    private final CasAppend cas;

    public PostgresOpLog(DataSource dataSource, OpLogSettings settings, InstantSource clock) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.cas = new CasAppend(settings, clock);
    }

    @Override
    public StoredAppend append(AppendRequest request) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try {
                StoredAppend stored = cas.run(new PgAppendTx(c), request);
                if (stored.result() instanceof AppendResult.Appended) c.commit();
                else c.rollback();
                return stored;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (PgAppendTx.SqlFailure e) {
            throw new OpLogException("Append to " + request.doc() + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (SQLException e) {
            throw new OpLogException("Append to " + request.doc() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public LoadResult load(String doc) {
        return read(c -> {
            long head = head(c, doc);
            Milestone m = OpRows.latestMilestone(c, doc, head);
            return new LoadResult(doc, m.version(), m.text(), OpRows.select(c, doc, m.version(), head, Integer.MAX_VALUE));
        });
    }

    @Override
    public RangeResult range(String doc, long from, long toExclusive) {
        return read(c -> {
            long head = head(c, doc);
            long end = Math.min(toExclusive, head);
            List<CommittedOp> page = OpRows.select(c, doc, Math.max(from, 0), end, settings.pageSize());
            return new RangeResult(doc, page, from + page.size() < end, head);
        });
    }

    @Override
    public long head(String doc) {
        return read(c -> head(c, doc));
    }

    private static long head(Connection c, String doc) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select head_version from documents where id = ?")) {
            ps.setString(1, doc);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private interface Read<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(Read<T> body) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                return body.run(c);
            } finally {
                c.rollback();
                c.setReadOnly(false);
            }
        } catch (SQLException e) {
            throw new OpLogException("Read failed: " + e.getMessage(), e);
        }
    }
}
