package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL is a daemon that outlives its JVM when that is killed with SIGKILL. The
 * next {@link EmbeddedDatabase#start} on the directory stops it and keeps its data, and leaves alone
 * what is not such an orphan. Real processes throughout: the owner is a child JVM.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OrphanedPostgresTest {
    private static final String ROW = "written before the kill";
    private final List<Process> children = new ArrayList<>();
    private final List<ProcessHandle> postmasters = new ArrayList<>();
    private EmbeddedDatabase db;
    private Path dir;

    @BeforeEach
    void directory(@TempDir Path tmp) {
        dir = tmp.resolve("postgres"); // JUnit deletes it after stopEverything
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (db != null) db.close();
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        for (ProcessHandle pg : postmasters) Postmaster.stop(pg);
    }

    @Test
    void aPostgresOrphanedByAKilledOwnerIsStoppedAndItsDataKept() throws Exception {
        ProcessHandle orphan = orphan();

        db = EmbeddedDatabase.start(dir);

        assertFalse(orphan.isAlive(), "the orphan was stopped");
        postmasters.add(Postmaster.of(dir));
        assertEquals(ROW, query(db.jdbcUrl(), "select v from kept"));
    }

    @Test
    void aPostgresWhoseOwnerStillRunsIsLeftAlone() throws Exception {
        String url = startOwner();
        ProcessHandle pg = Postmaster.of(dir);
        postmasters.add(pg);

        IOException e = assertThrows(IOException.class, () -> EmbeddedDatabase.start(dir));

        assertTrue(e.getMessage().contains("another running Cowrite uses the embedded PostgreSQL in"), e.getMessage());
        assertTrue(pg.isAlive());
        assertEquals("1", query(url, "select 1"));
    }

    @Test
    void aStalePidFileOfADeadPostgresIsLeftToPostgres() throws Exception {
        ProcessHandle orphan = orphan();
        List<ProcessHandle> server = new ArrayList<>(orphan.descendants().toList());
        server.add(orphan);
        orphan.destroyForcibly(); // a power cut: postmaster.pid stays, naming a dead process
        for (ProcessHandle p : server) p.onExit().get(30, TimeUnit.SECONDS);
        assertTrue(Files.exists(dir.resolve("postmaster.pid")));

        db = EmbeddedDatabase.start(dir);

        postmasters.add(Postmaster.of(dir));
        assertEquals(ROW, query(db.jdbcUrl(), "select v from kept"), "committed before the crash");
    }

    @Test
    void aPidFileNamingAnUnrelatedProcessIsRemovedAndThatProcessLeftAlone() throws Exception {
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dir)) {
            assertEquals("on", first.setting("fsync"));
        }
        Process unrelated = new ProcessBuilder("cat").start(); // runs until its input closes
        children.add(unrelated);
        // The dead postmaster's PID now belongs to another program of the same user.
        Files.writeString(dir.resolve("postmaster.pid"), unrelated.pid() + "\n" + dir.toAbsolutePath() + "\n");

        db = EmbeddedDatabase.start(dir);

        postmasters.add(Postmaster.of(dir));
        assertTrue(unrelated.isAlive(), "the unrelated process was not stopped");
        assertEquals("on", db.setting("fsync"));
    }

    @Test
    void aFailedStartSaysWhatPostgresSaid() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("postgresql.conf"), "# not a data directory: initdb is skipped\n");

        IOException e = assertThrows(IOException.class, () -> EmbeddedDatabase.start(dir));

        assertTrue(e.getMessage().contains(dir.toAbsolutePath() + ".log says:"), e.getMessage());
        assertTrue(e.getMessage().contains("is not a database cluster directory"), e.getMessage());
    }

    /** A PostgreSQL on {@link #dir} whose owning JVM was killed with SIGKILL, holding a committed row. */
    private ProcessHandle orphan() throws Exception {
        String url = startOwner();
        ProcessHandle pg = Postmaster.of(dir);
        postmasters.add(pg);
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("create table kept (v text)");
            s.execute("insert into kept values ('" + ROW + "')");
        }
        Process owner = children.getLast();
        owner.destroyForcibly();
        assertTrue(owner.waitFor(30, TimeUnit.SECONDS));
        assertTrue(pg.isAlive(), "PostgreSQL outlived its killed owner");
        return pg;
    }

    /** Starts {@link EmbeddedDatabaseOwner} on {@link #dir} and returns its JDBC URL once it is up. */
    private String startOwner() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process owner = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), EmbeddedDatabaseOwner.class.getName(), dir.toString())
                .redirectErrorStream(true)
                .start();
        children.add(owner);
        StringBuilder output = new StringBuilder();
        BufferedReader out = owner.inputReader();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(EmbeddedDatabaseOwner.URL_LINE)) return line.substring(EmbeddedDatabaseOwner.URL_LINE.length());
            output.append(line).append('\n');
        }
        throw new AssertionError("the owner exited before its PostgreSQL was up:\n" + output);
    }

    private static String query(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql + " returned no row");
            return rs.getString(1);
        }
    }
}
