package io.cowrite.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * history-service's {@code /health} with its database unreachable in the worst way: the connections stay
 * open and nothing comes back (a paused server, a blackholed network). Between it and PostgreSQL sits a
 * proxy this test can pause. Every {@code /health} request gets its answer within the client's 2 s timeout
 * (it used to wait for the pool's connection timeout), DOWN once the database is silent, UP again after.
 */
class DatabaseHealthIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A TCP proxy to PostgreSQL whose forwarding can be paused (bytes are held, connections stay open). */
    private static final class PausableProxy implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Object gate = new Object();
        private final CopyOnWriteArrayList<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile boolean paused;

        PausableProxy() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket upstream = new Socket("127.0.0.1", 5432);
                        sockets.add(client);
                        sockets.add(upstream);
                        Thread.ofVirtual().start(() -> pump(client, upstream));
                        Thread.ofVirtual().start(() -> pump(upstream, client));
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        private void pump(Socket from, Socket to) {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (gate) {
                        while (paused) gate.wait();
                    }
                    out.write(buf, 0, n);
                }
            } catch (IOException | InterruptedException e) {
                // one side closed: the other pump ends too
            }
        }

        void pause(boolean p) {
            synchronized (gate) {
                paused = p;
                gate.notifyAll();
            }
        }

        @Override
        public void close() throws IOException {
            pause(false);
            server.close();
            for (Socket s : sockets) s.close();
        }
    }

    private static HttpResponse<String> health(int port) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls /health (each request must be answered within its 2 s timeout) until {@code status}. */
    private static void awaitHealth(int port, int status, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = health(port).statusCode(); // an HttpTimeoutException here is the old hang
            if (last == status) return;
            Thread.sleep(100); // the interval between polls of a condition, not a synchronization
        }
        throw new AssertionError("/health stayed " + last + ", wanted " + status);
    }

    @Test
    void healthAnswersAtOnceAndSaysDownWhileTheDatabaseIsSilent() throws Exception {
        try (TestDatabase db = new TestDatabase(); PausableProxy proxy = new PausableProxy()) {
            String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db.name;
            try (ApplicationContext context = ApplicationContext.builder(Map.of(
                    "micronaut.server.port", -1,
                    "datasources.default.url", url,
                    "cowrite.bus.type", "local",
                    "cowrite.history.replica-id", "health-it")).environments("history").start()) {
                EmbeddedServer server = context.getBean(EmbeddedServer.class);
                server.start();
                int port = server.getPort();
                awaitHealth(port, 200, Duration.ofSeconds(20));

                proxy.pause(true);
                awaitHealth(port, 503, Duration.ofSeconds(15));
                for (int i = 0; i < 5; i++) assertEquals(503, health(port).statusCode(), "answered, and DOWN");

                proxy.pause(false);
                awaitHealth(port, 200, Duration.ofSeconds(20));
            }
        }
    }
}
