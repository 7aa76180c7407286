package io.cowrite.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A PostgreSQL server run from a JAR for the single-process mode, so a newcomer needs nothing
 * installed. Its data lives in a folder that survives restarts; the port is chosen at start.
 * Fit for a first run and demos; production uses a real PostgreSQL (set {@code datasources.default.url}).
 * The server is a separate process that outlives a killed JVM; the next start stops it
 * ({@link OrphanedPostgres}).
 */
final class EmbeddedDatabase implements AutoCloseable {
    private static final int TAIL_LINES = 20;
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on {@code dataDir} (created and initialized when new), after stopping one that
     * an earlier process left running there. Its output goes to {@code postgres.log} beside the
     * directory; a failure's message quotes what it said.
     */
    static EmbeddedDatabase start(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path log = logFile(dataDir);
        OrphanedPostgres.stopIfAny(dataDir, log);
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        try {
            return new EmbeddedDatabase(builder(dataDir, log).start());
        } catch (IOException | RuntimeException e) {
            // The library's own message ("Gave up waiting for server to start") says nothing of why.
            throw new IOException("embedded PostgreSQL did not start on " + dataDir.toAbsolutePath() + "; "
                    + log + " says:\n" + tail(log, logStart), e);
        }
    }

    /** Where PostgreSQL writes its messages: beside the data directory, which initdb wants empty. */
    static Path logFile(Path dataDir) {
        return dataDir.toAbsolutePath().resolveSibling(dataDir.getFileName() + ".log");
    }

    private static EmbeddedPostgres.Builder builder(Path dataDir, Path log) {
        // The library's defaults are tuned for throwaway test databases (fsync off, asynchronous
        // commit); an ack in Cowrite means durable, so turn both back on.
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.toFile())
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                // postgres inherits pg_ctl's output, so the server keeps writing here after the start.
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    /** The last lines written to the log since {@code from}. */
    private static String tail(Path log, long from) {
        try (var in = Files.newInputStream(log)) {
            in.skipNBytes(Math.min(from, Files.size(log)));
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (lines.isEmpty()) return "(nothing)";
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
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
