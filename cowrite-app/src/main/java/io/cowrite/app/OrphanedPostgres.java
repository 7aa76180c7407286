package io.cowrite.app;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A PostgreSQL left running on the embedded data directory by a Cowrite process that died without
 * stopping it ({@code kill -9}, the OOM killer). The embedded library starts postgres as a daemon
 * through {@code pg_ctl}, so it outlives its JVM and keeps {@code postmaster.pid}; a new postgres on
 * the same directory then refuses to start. Found from {@code postmaster.pid}, checked to really be a
 * postgres serving this directory, and stopped with a fast shutdown.
 */
final class OrphanedPostgres {
    /** The embedded library's lock file: held by the JVM whose PostgreSQL runs on the directory. */
    private static final String OWNER_LOCK = "epg-lock";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private OrphanedPostgres() {
    }

    /**
     * Stops the PostgreSQL left running on {@code dataDir}, if there is one, and returns when it has
     * exited; its shutdown messages go to {@code log}. Removes a {@code postmaster.pid} naming a
     * process that is no PostgreSQL of this directory. Does nothing when neither is there. Fails when
     * a live process still owns the directory, or when the orphan does not stop in time.
     */
    static void stopIfAny(Path dataDir, Path log) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return; // also true of a fresh directory, which must stay empty for initdb
        try (FileChannel lock = FileChannel.open(dataDir.resolve(OWNER_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (!tryLock(lock)) {
                throw new IOException("another running Cowrite uses the embedded PostgreSQL in " + dataDir.toAbsolutePath()
                        + "; stop it first, or give this one its own COWRITE_DATA_DIR");
            }
            // A pid file of a dead process is left to postgres, which replaces it.
            Optional<ProcessHandle> named = postmaster(pidFile);
            if (named.isPresent()) handle(named.get(), dataDir, log);
        } // closing the channel releases the lock before the library takes it
    }

    private static void handle(ProcessHandle named, Path dataDir, Path log) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        switch (occupant(named, dataDir)) {
            case ORPHAN -> stop(named, dataDir, log);
            case OTHER_PROGRAM -> {
                // Its PID was reused. Postgres refuses to start while the file names a live process of
                // its user, and the library's exit hook would send that process pg_ctl's stop signal.
                Files.deleteIfExists(pidFile);
                System.out.println("Cowrite: removed a stale " + pidFile.toAbsolutePath() + " (its pid " + named.pid()
                        + " is now another program)");
            }
            case UNKNOWN -> {
                // Cannot tell (no /proc): touch nothing; postgres reports the conflict in its log.
            }
        }
    }

    private static boolean tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock() != null;
        } catch (OverlappingFileLockException heldInThisJvm) {
            // Only tests start two in one JVM. (Closing our channel then drops that lock too: POSIX.)
            return false;
        }
    }

    private static Optional<ProcessHandle> postmaster(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException unreadable) {
            return Optional.empty(); // postgres rewrites a broken file; nothing of ours to stop
        }
    }

    /** What the process named by the pid file is, as far as this platform can tell. */
    private enum Occupant { ORPHAN, OTHER_PROGRAM, UNKNOWN }

    /**
     * PIDs are reused, so the pid file alone proves nothing: an orphan is a postgres whose working
     * directory is ours (the postmaster changes into its data directory).
     */
    private static Occupant occupant(ProcessHandle process, Path dataDir) {
        boolean inDataDir;
        try {
            inDataDir = Files.isSameFile(Path.of("/proc", Long.toString(process.pid()), "cwd"), dataDir);
        } catch (IOException | SecurityException unknown) {
            return Occupant.UNKNOWN;
        }
        if (!inDataDir) return Occupant.OTHER_PROGRAM;
        return executable(process).map(e -> isPostgres(e) ? Occupant.ORPHAN : Occupant.OTHER_PROGRAM).orElse(Occupant.UNKNOWN);
    }

    private static boolean isPostgres(Path executable) {
        // Linux names an executable replaced or removed since the start "<path> (deleted)".
        return executable.getFileName().toString().replace(" (deleted)", "").equals("postgres");
    }

    private static Optional<Path> executable(ProcessHandle process) {
        return process.info().command().map(Path::of).filter(p -> p.getFileName() != null);
    }

    private static void stop(ProcessHandle orphan, Path dataDir, Path log) throws IOException {
        Optional<Path> pgCtl = executable(orphan).map(p -> p.resolveSibling("pg_ctl")).filter(Files::isExecutable);
        if (pgCtl.isEmpty() || !fastShutdown(pgCtl.get(), dataDir, log)) {
            // No pg_ctl beside it (its binaries were removed), or it failed: SIGTERM asks for a smart
            // shutdown, which waits for client sessions; those died with the owner, so not for long.
            orphan.destroy();
        }
        awaitExit(orphan, dataDir);
        System.out.println("Cowrite: stopped an embedded PostgreSQL (pid " + orphan.pid()
                + ") left running by an earlier process on " + dataDir.toAbsolutePath());
    }

    /**
     * {@code pg_ctl stop -m fast} (SIGINT, which Java cannot send: roll back open transactions, exit);
     * false when pg_ctl failed.
     */
    private static boolean fastShutdown(Path pgCtl, Path dataDir, Path log) throws IOException {
        Process p = new ProcessBuilder(pgCtl.toString(), "-D", dataDir.toString(), "stop", "-m", "fast", "-w",
                "-t", Long.toString(STOP_TIMEOUT.toSeconds()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (p.waitFor(STOP_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) return p.exitValue() == 0;
            p.destroyForcibly();
            return false;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while stopping the PostgreSQL left running on " + dataDir);
        }
    }

    private static void awaitExit(ProcessHandle orphan, Path dataDir) throws IOException {
        try {
            orphan.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IOException("an embedded PostgreSQL (pid " + orphan.pid() + ") left running by an earlier Cowrite process on "
                    + dataDir.toAbsolutePath() + " did not stop when asked; stop it (kill " + orphan.pid()
                    + "), then start Cowrite again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while stopping the PostgreSQL left running on " + dataDir);
        }
    }
}
