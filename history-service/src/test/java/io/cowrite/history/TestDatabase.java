package io.cowrite.history;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throw-away PostgreSQL database for one test class: {@code cowrite_test_<random>} on the local server
 * (override with {@code -Dcowrite.pg.host/port/user}), migrated by Flyway from empty, dropped on close.
 */
public final class TestDatabase implements AutoCloseable {
    private static final String HOST = System.getProperty("cowrite.pg.host", "127.0.0.1");
    private static final String PORT = System.getProperty("cowrite.pg.port", "5432");
    private static final String USER = System.getProperty("cowrite.pg.user", "postgres");

    public final String name = "cowrite_test_" + UUID.randomUUID().toString().replace("-", "");

    public TestDatabase() throws SQLException {
        admin("create database " + name);
    }

    public String url() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
    }

    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url());
        ds.setUser(USER);
        return ds;
    }

    public TestDatabase migrated() {
        Flyway.configure().dataSource(dataSource()).locations("classpath:db/migration").load().migrate();
        return this;
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", USER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        admin("drop database if exists " + name + " with (force)");
    }
}
