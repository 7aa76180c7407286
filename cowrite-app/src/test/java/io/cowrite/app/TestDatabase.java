package io.cowrite.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/** A fresh database on the local PostgreSQL (127.0.0.1:5432, trust auth) per test class; dropped on close. */
final class TestDatabase implements AutoCloseable {
    static final String ADMIN_URL = System.getProperty("cowrite.test.pg", "jdbc:postgresql://127.0.0.1:5432/postgres");
    final String name;
    final String url;

    private TestDatabase(String name) {
        this.name = name;
        this.url = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name;
    }

    static TestDatabase create() throws SQLException {
        TestDatabase db = new TestDatabase("cowrite_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "")) {
            c.createStatement().execute("CREATE DATABASE " + db.name);
        }
        return db;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "");
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", "")) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
