package io.cowrite.bus;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A nats-server of one test on a free loopback port, started from a configuration text
 * ({@code -Dcowrite.test.nats-server=PATH}; default {@code /usr/sbin/nats-server}).
 */
final class PrivateNatsServer implements AutoCloseable {
    private static final String BINARY = System.getProperty("cowrite.test.nats-server", "/usr/sbin/nats-server");
    final int port;
    private final Path dir;
    private final Path log;
    private Process process;

    private PrivateNatsServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
        this.log = dir.resolve("nats-server.log");
    }

    /** Starts nats-server with {@code config} (written to a file in {@code dir}) and waits until it listens. */
    static PrivateNatsServer start(Path dir, String config) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PrivateNatsServer server = new PrivateNatsServer(port, dir);
        server.run(config);
        return server;
    }

    /** Stops the server and starts it again on the same port with another configuration. */
    void restartWith(String config) throws Exception {
        close();
        run(config);
    }

    private void run(String config) throws Exception {
        Path conf = Files.writeString(dir.resolve("nats-server.conf"), config);
        process = new ProcessBuilder(BINARY, "-c", conf.toString(), "-a", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitListening();
    }

    private void awaitListening() throws Exception {
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
        close();
        throw new IllegalStateException("nats-server did not listen on " + port + ":\n" + Files.readString(log));
    }

    String url(String scheme, String host) {
        return scheme + "://" + host + ":" + port;
    }

    String url() {
        return url("nats", "127.0.0.1");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
