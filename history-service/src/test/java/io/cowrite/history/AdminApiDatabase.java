package io.cowrite.history;

import java.sql.SQLException;

/** A fresh, empty PostgreSQL database for tests outside this package (the service migrates it itself). */
public final class AdminApiDatabase implements AutoCloseable {
    private final TestDatabase db;

    private AdminApiDatabase(TestDatabase db) {
        this.db = db;
    }

    public static AdminApiDatabase create() throws SQLException {
        return new AdminApiDatabase(new TestDatabase());
    }

    public String url() {
        return db.url();
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
