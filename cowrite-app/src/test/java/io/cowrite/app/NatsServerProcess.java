package io.cowrite.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private nats-server on a free loopback port, so a test may kill it and start it again on the
 * same port without disturbing anyone else's NATS. Needs {@code nats-server} on the machine
 * ({@code -Dcowrite.test.nats-server=/path}; default {@code /usr/sbin/nats-server}).
 */
final class NatsServerProcess implements AutoCloseable {
    static final String BINARY = System.getProperty("cowrite.test.nats-server", "/usr/sbin/nats-server");
    final int port;
    private final Path log;
    private final Path config;
    private final Map<String, String> env;
    private Process process;

    private NatsServerProcess(int port, Path log, Path config, Map<String, String> env) {
        this.port = port;
        this.log = log;
        this.config = config;
        this.env = env;
    }

    /** An open server: no authorization. */
    static NatsServerProcess start() throws Exception {
        return start(null, Map.of());
    }

    /**
     * A server run with configuration file {@code config} (its port and address are overridden: loopback, a
     * free port) and these environment variables, which the file may reference ({@code $NAME}).
     */
    static NatsServerProcess start(Path config, Map<String, String> env) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        NatsServerProcess n = new NatsServerProcess(port, Files.createTempFile("cowrite-nats-", ".log"), config, env);
        n.startAgain();
        return n;
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Starts the server (again) on the same port and waits until it accepts connections. */
    void startAgain() throws Exception {
        if (process != null && process.isAlive()) throw new IllegalStateException("nats-server is running");
        List<String> cmd = new ArrayList<>(List.of(BINARY, "-a", "127.0.0.1", "-p", String.valueOf(port)));
        if (config != null) cmd.addAll(List.of("-c", config.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        process = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("nats-server exited:\n" + Files.readString(log));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nats-server did not listen on " + port + ":\n" + Files.readString(log));
    }

    /** SIGKILL: every connection drops at once, nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) kill();
        }
        log.toFile().deleteOnExit();
    }
}
