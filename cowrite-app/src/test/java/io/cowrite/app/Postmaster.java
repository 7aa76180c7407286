package io.cowrite.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The postmaster of a PostgreSQL data directory, read from its {@code postmaster.pid} while the test
 * knows the server there is the one it started, so the test can stop whatever the code under test
 * left running. A {@link ProcessHandle} remembers its start time, so a reused PID is never hit.
 */
final class Postmaster {
    private Postmaster() {
    }

    static ProcessHandle of(Path dataDir) throws IOException {
        String pid = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip();
        Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(pid));
        return p.orElseThrow(() -> new IllegalStateException("postmaster " + pid + " of " + dataDir + " is not running"));
    }

    /** Stops it if it still runs (SIGTERM, then SIGKILL) and waits until it has exited. */
    static void stop(ProcessHandle postmaster) throws Exception {
        if (!postmaster.isAlive()) return;
        postmaster.destroy();
        try {
            postmaster.onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            postmaster.destroyForcibly();
            postmaster.onExit().get(10, TimeUnit.SECONDS);
        }
    }
}
