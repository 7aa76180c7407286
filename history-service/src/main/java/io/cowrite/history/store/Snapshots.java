package io.cowrite.history.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Reads that must agree with themselves: each runs in one REPEATABLE READ, read-only transaction (one
 * snapshot of the database), rolled back at the end. Shared by the store and the admin queries.
 */
public final class Snapshots {
    /** A read inside the snapshot. */
    public interface Read<T> {
        T run(Connection c) throws SQLException;
    }

    private Snapshots() {
    }

    /** Runs {@code body} in one snapshot; an SQL failure becomes a {@link StoreException} about {@code what}. */
    public static <T> T read(DataSource dataSource, String what, Read<T> body) {
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
            throw StoreException.of(what, e);
        }
    }
}
