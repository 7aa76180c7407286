package io.cowrite.app;

import java.io.File;
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

/** One Cowrite service started as its own JVM from its runnable jar, as an operator starts it. */
final class ServiceProcess implements AutoCloseable {
    /** The open mode's admin token every test process gets (management endpoints such as /prometheus want it). */
    static final String ADMIN_TOKEN = "it-admin-" + java.util.UUID.randomUUID();

    final String name;
    final int port;
    final Path log;
    private final Process process;

    private ServiceProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code jar} with {@code -Dkey=value} settings and waits until {@code /health} is UP. */
    static ServiceProcess start(String name, Path jar, Map<String, String> settings) throws Exception {
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("missing " + jar.toAbsolutePath() + " (run package first)");
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        // Test processes live for seconds on a small machine: C1 only and the serial GC halve the start-up CPU.
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Dmicronaut.server.port=" + port);
        if (!settings.containsKey("cowrite.auth.admin-token")) cmd.add("-Dcowrite.auth.admin-token=" + ADMIN_TOKEN);
        settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        if (settings.keySet().stream().anyMatch(k -> k.startsWith("cowrite.test."))) {
            // Fault injection lives in the tests' classes: put them beside the jar (never in production).
            cmd.add("-cp");
            cmd.add(jar.toAbsolutePath() + File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath());
            cmd.add(mainClass(jar));
        } else {
            cmd.add("-jar");
            cmd.add(jar.toAbsolutePath().toString());
        }
        Path log = Files.createTempFile("cowrite-" + name + "-", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServiceProcess s = new ServiceProcess(name, port, log, p);
        s.awaitHealthy(Duration.ofSeconds(60));
        return s;
    }

    private static String mainClass(Path jar) throws IOException {
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
            return j.getManifest().getMainAttributes().getValue("Main-Class");
        }
    }

    static Path jar(String module, String file) {
        return Path.of("..", module, "target", file);
    }

    private void awaitHealthy(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException(name + " exited:\n" + Files.readString(log));
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("UP")) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException(name + " did not become healthy:\n" + Files.readString(log));
    }

    URI ws() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    /** SIGSTOP or SIGCONT: the process freezes (as in a long GC pause) or resumes, keeping its connections. */
    void signal(String signal) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalStateException("kill -" + signal + " failed");
    }

    /** Waits for the process to exit; its exit code, or -1 if it is still running after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * CPU time the process has used so far (user plus system), read from {@code /proc/<pid>/stat} (Linux),
     * in seconds; for figures, never for assertions.
     */
    double cpuSeconds() throws IOException {
        return cpuSeconds(process.pid());
    }

    /** CPU time process {@code pid} has used so far, in seconds (Linux {@code /proc}). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // f[0] is field 3 (state)
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
    }

    private static final long CLOCK_TICKS = clockTicks();

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            return Long.parseLong(new String(p.getInputStream().readAllBytes()).trim());
        } catch (IOException | NumberFormatException e) {
            return 100; // the usual value on Linux
        }
    }

    /** SIGKILL: the JVM gets no chance to clean up, as in a machine failure. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) kill();
        new File(log.toString()).deleteOnExit();
    }
}
