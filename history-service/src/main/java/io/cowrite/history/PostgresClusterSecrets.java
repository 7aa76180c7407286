package io.cowrite.history;

import io.cowrite.history.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * {@link ClusterSecrets} in PostgreSQL (table {@code cluster_secrets}, Flyway V2). Insert-if-absent, then
 * read: two replicas creating the same name at once agree on the first value.
 */
public final class PostgresClusterSecrets implements ClusterSecrets {
    private final DataSource dataSource;

    public PostgresClusterSecrets(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public java.util.Optional<String> find(String name) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("select value from cluster_secrets where name = ?")) {
            select.setString(1, name);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw StoreException.of("Reading secret " + name, e);
        }
    }

    @Override
    public String getOrCreate(String name) {
        // Two autocommit statements: the select runs on a snapshot taken after the insert finished, so it
        // sees the row whichever replica inserted it (one statement's snapshot could miss a racing insert).
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement insert = c.prepareStatement(
                    "insert into cluster_secrets (name, value) values (?, ?) on conflict (name) do nothing")) {
                insert.setString(1, name);
                insert.setString(2, ClusterSecrets.random());
                insert.executeUpdate();
            }
            try (PreparedStatement select = c.prepareStatement("select value from cluster_secrets where name = ?")) {
                select.setString(1, name);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) throw new StoreException(StoreException.Kind.RETRYABLE, "Secret " + name + " vanished", null);
                    return rs.getString(1);
                }
            }
        } catch (SQLException e) {
            throw StoreException.of("Reading secret " + name, e);
        }
    }
}
