package io.cowrite.history.store;

import java.sql.SQLException;

/**
 * Sorts PostgreSQL failures into permanent and retryable by SQLSTATE class. Permanent means the
 * database refused the data of this request and will refuse it again: class 22 (data exception, e.g.
 * 22P05 "\u0000 cannot be converted to text"), class 23 except 23505 (check, not-null, foreign key), and
 * P0001 (raised by a trigger). Everything else (connection, shutdown, deadlock, serialization, resources,
 * a unique race, an unknown state) may pass on a retry, so it is retryable: a document only waits.
 */
public final class SqlFailures {
    private SqlFailures() {
    }

    public static boolean isPermanent(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) return isPermanent(s.getSQLState());
        }
        return false;
    }

    public static boolean isPermanent(String sqlState) {
        if (sqlState.startsWith("22")) return true;
        if (sqlState.startsWith("23")) return !sqlState.equals("23505");
        return sqlState.equals("P0001");
    }
}
