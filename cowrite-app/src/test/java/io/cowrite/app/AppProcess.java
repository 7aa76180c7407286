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
import java.util.concurrent.TimeUnit;

/**
 * Cowrite started as a user starts it: {@code java -jar cowrite.jar} in its own process, on a free port,
 * stored in a fresh database of the local PostgreSQL (so tests can read the op log directly).
 */
final class AppProcess implements AutoCloseable {
    final int port;
    final URI base;
    private final Process process;

    private AppProcess(int port, Process process) {
        this.port = port;
        this.base = URI.create("http://127.0.0.1:" + port);
        this.process = process;
    }

    static AppProcess start(TestDatabase db, Path workDir) throws Exception {
        Path jar = Path.of(System.getProperty("cowrite.jar", "target/cowrite.jar"));
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("no " + jar + ": run `package` first");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(workDir);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toAbsolutePath().toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("server.log").toFile());
        pb.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
        pb.environment().put("COWRITE_DATA_DIR", workDir.resolve("data").toString());
        pb.environment().put("DATASOURCES_DEFAULT_URL", db.url);
        pb.environment().put("DATASOURCES_DEFAULT_USERNAME", "postgres");
        pb.environment().put("DATASOURCES_DEFAULT_PASSWORD", "");
        AppProcess app = new AppProcess(port, pb.start());
        app.awaitHealthy(Duration.ofSeconds(90), workDir.resolve("server.log"));
        return app;
    }

    private void awaitHealthy(Duration timeout, Path log) throws Exception {
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

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
