package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/start} after {@code kill -9}: cowrite.jar on its embedded PostgreSQL, killed with SIGKILL
 * (its PostgreSQL keeps running), starts again on the same data directory the first time, with the
 * acked edits kept.
 */
class EmbeddedCrashRestartIT {
    private static final String DOC = "crash-restart";
    private static final String TEXT = "typed before kill -9";

    @Test
    void theJarStartsAgainAfterKill9AndKeepsTheEdits(@TempDir Path work) throws Exception {
        Path pgData = work.resolve("data").resolve("postgres");
        List<AppProcess> apps = new ArrayList<>();
        List<ProcessHandle> postmasters = new ArrayList<>();
        try {
            AppProcess crashed = AppProcess.startEmbedded(work, "first.log");
            apps.add(crashed);
            ProcessHandle orphan = Postmaster.of(pgData);
            postmasters.add(orphan);
            edit(crashed);
            crashed.kill();
            assertTrue(orphan.isAlive(), "the embedded PostgreSQL outlived the killed JVM");

            AppProcess restarted = AppProcess.startEmbedded(work, "second.log"); // fails if it exits or stays unhealthy
            apps.add(restarted);
            postmasters.add(Postmaster.of(pgData));

            assertFalse(orphan.isAlive(), "the orphan was stopped");
            assertTrue(restarted.output().contains("Cowrite: stopped an embedded PostgreSQL (pid " + orphan.pid()
                    + ") left running by an earlier process on " + pgData.toAbsolutePath()), restarted.output());
            assertEquals(TEXT, read(restarted));
        } finally {
            for (AppProcess app : apps) app.close();
            for (ProcessHandle pg : postmasters) Postmaster.stop(pg);
        }
    }

    /**
     * SIGTERM (what {@code docker stop} and a deploy send; Ctrl-C is handled alike): the application stops
     * before its embedded PostgreSQL, so the owner releases its shard leases instead of meeting a database
     * that is shutting down, and the process exits cleanly with PostgreSQL stopped.
     */
    @Test
    void aStopEndsTheApplicationBeforeItsDatabase(@TempDir Path work) throws Exception {
        Path pgData = work.resolve("data").resolve("postgres");
        AppProcess app = AppProcess.startEmbedded(work, "stop.log");
        ProcessHandle postmaster = Postmaster.of(pgData);
        try {
            edit(app);
            app.close();
            assertEquals(0, app.exitCode(), app.output());
            String out = app.output();
            assertTrue(out.contains("released 32 shard leases"), out);
            assertFalse(out.contains("could not release shard"), out);
            assertFalse(out.contains("marked as broken"), out);
            postmaster.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            app.close();
            Postmaster.stop(postmaster);
        }
    }

    /** Types {@link #TEXT} and waits for its ack: committed to PostgreSQL. */
    private static void edit(AppProcess app) throws Exception {
        try (TestClient writer = new TestClient(app.ws(), "before-crash").connect()) {
            DocumentClient doc = writer.join(DOC);
            doc.edit(TextOp.of(new Component.Insert(TEXT)));
            Awaits.until(doc::isSynchronized, Duration.ofSeconds(20), "the edit acked");
            writer.assertHealthy();
        }
    }

    private static String read(AppProcess app) {
        try (TestClient reader = new TestClient(app.ws(), "after-restart").connect()) {
            return reader.join(DOC).text();
        }
    }
}
