package io.cowrite.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cowrite started as a user starts it: {@code java -jar cowrite.jar} in its own process, on a free port,
 * stored in a fresh database of the local PostgreSQL (so tests can read the op log directly), or in
 * its embedded PostgreSQL as {@code bin/start} runs it.
 */
final class AppProcess implements AutoCloseable {
    final int port;
    final URI base;
    private final ProcessBuilder builder;
    private final Path log;
    private Process process;

    private AppProcess(int port, ProcessBuilder builder, Path log) throws IOException {
        this.port = port;
        this.base = URI.create("http://127.0.0.1:" + port);
        this.builder = builder;
        this.log = log;
        this.process = builder.start();
    }

    static AppProcess start(TestDatabase db, Path workDir) throws Exception {
        return start(db, workDir, Map.of());
    }

    /**
     * With extra settings, passed as system properties ({@code -Dkey=value}, which win over the environment),
     * e.g. {@code cowrite.auth.mode=jwt}.
     */
    static AppProcess start(TestDatabase db, Path workDir, Map<String, String> settings) throws Exception {
        return launch(workDir, "server.log", Map.of(
                "DATASOURCES_DEFAULT_URL", db.url,
                "DATASOURCES_DEFAULT_USERNAME", "postgres",
                "DATASOURCES_DEFAULT_PASSWORD", ""), settings);
    }

    /** Without a datasource: the jar starts its embedded PostgreSQL on {@code workDir/data/postgres}. */
    static AppProcess startEmbedded(Path workDir, String logName) throws Exception {
        return launch(workDir, logName, Map.of(), Map.of());
    }

    private static AppProcess launch(Path workDir, String logName, Map<String, String> env, Map<String, String> settings)
            throws Exception {
        Path jar = Path.of(System.getProperty("cowrite.jar", "target/cowrite.jar"));
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("no " + jar + ": run `package` first");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(workDir);
        Path log = workDir.resolve(logName);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DATASOURCES_DEFAULT_"));
        pb.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        pb.environment().put("COWRITE_DATA_DIR", workDir.resolve("data").toString());
        pb.environment().putAll(env);
        AppProcess app = new AppProcess(port, pb, log);
        app.awaitHealthy(Duration.ofSeconds(90));
        return app;
    }

    URI ws() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /**
     * Starts the same command again on the same port and database, after {@link #close} (as a deploy or a restart
     * after a crash does); its output goes on in the same log. Returns once it answers {@code /health}.
     */
    void startAgain() throws Exception {
        if (process.isAlive()) throw new IllegalStateException("still running");
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        awaitHealthy(Duration.ofSeconds(90));
    }

    /** SIGKILL: the JVM runs no shutdown hook, as after {@code kill -9} or the OOM killer. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private void awaitHealthy(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("cowrite.jar exited: " + Files.readString(log));
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        close();
        throw new AssertionError("cowrite.jar not healthy within " + timeout + ": " + Files.readString(log));
    }

    /** The exit code, once the process ended (after {@link #close} or {@link #kill}). */
    int exitCode() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
