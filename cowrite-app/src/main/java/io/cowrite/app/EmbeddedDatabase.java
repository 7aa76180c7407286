package io.cowrite.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL server run from a JAR for the single-process mode, so a newcomer needs nothing
 * installed. Its data lives in a folder that survives restarts; the port is chosen at start.
 * Fit for a first run and demos; production uses a real PostgreSQL (set {@code datasources.default.url}).
 */
final class EmbeddedDatabase implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedDatabase start(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        // The library's defaults are tuned for throwaway test databases (fsync off, asynchronous
        // commit); an ack in Cowrite means durable, so turn both back on.
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.toFile())
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
        return new EmbeddedDatabase(pg);
    }

    /** The value of a server setting, e.g. {@code fsync}. */
    String setting(String name) throws java.sql.SQLException {
        try (var c = postgres.getPostgresDatabase().getConnection();
             var rs = c.createStatement().executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
