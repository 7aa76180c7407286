package io.cowrite.app.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TESTS ONLY: a TCP proxy on loopback between clients and one server, which the test makes misbehave
 * the way networks do. Each accepted connection is a {@link Link} to the target, pumped by two virtual
 * threads. A link can be cut with an RST (linger 0) or a FIN on both sides, blackholed (nothing is
 * forwarded any more in either direction and nothing is closed: to both ends the connection is
 * half-open), or delayed. It can also cut a link right after it forwarded a WebSocket frame holding a
 * protocol {@code op} ({@link #cutAfterOps}): the op reaches the server, which commits it, but its
 * {@code ack} can never come back on that connection. Random choices come from the seed given.
 * Thread-safe.
 */
public final class TcpProxy implements AutoCloseable {
    /** How a link is cut. */
    public enum Cut { RST, FIN }

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Random random;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong cuts = new AtomicLong();
    private final AtomicLong cutsAfterOp = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private volatile double cutAfterOpRate;
    private volatile long delayMillis;
    private volatile boolean blackholeNew;
    private volatile boolean closed;

    public TcpProxy(URI target, long seed) throws IOException {
        this.target = new InetSocketAddress(target.getHost(), target.getPort());
        this.random = new Random(seed);
        this.listener = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("proxy-accept-" + listener.getLocalPort()).start(this::accept);
    }

    /** The proxy's address, same path as {@code server}: a WebSocket URI for clients. */
    public URI in(URI server) {
        return URI.create(server.getScheme() + "://127.0.0.1:" + listener.getLocalPort() + server.getPath());
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** After forwarding a client frame holding an op, cut that link (RST or FIN at random) with this probability. */
    public void cutAfterOps(double probability) {
        cutAfterOpRate = probability;
    }

    /** Holds every chunk this long before forwarding it (both directions, order kept); 0: none. */
    public void delay(Duration d) {
        delayMillis = d.toMillis();
    }

    /** New links are blackholed from their first byte (their TCP connect succeeds; nothing else does). */
    public void blackholeNewLinks(boolean on) {
        blackholeNew = on;
    }

    /** Blackholes every live link: both ends stay open and hear nothing more. */
    public void blackholeAll() {
        for (Link l : links) l.blackholed = true;
    }

    /** Cuts every live link; the number cut. */
    public int cutAll(Cut how) {
        int n = 0;
        for (Link l : links) if (l.cut(how)) n++;
        return n;
    }

    /** Cuts each live link with probability {@code fraction}, RST or FIN at random; the number cut. */
    public int cutRandom(double fraction) {
        List<Link> all = new ArrayList<>(links);
        Collections.sort(all, (a, b) -> Long.compare(a.id, b.id)); // a seeded run picks the same links
        int n = 0;
        for (Link l : all) {
            Cut how;
            synchronized (random) {
                if (random.nextDouble() >= fraction) continue;
                how = random.nextBoolean() ? Cut.RST : Cut.FIN;
            }
            if (l.cut(how)) n++;
        }
        return n;
    }

    public int liveLinks() {
        return links.size();
    }

    /** Links cut so far (all causes). */
    public long cuts() {
        return cuts.get();
    }

    /** Links cut right after forwarding an op frame. */
    public long cutsAfterOp() {
        return cutsAfterOp.get();
    }

    public long accepted() {
        return accepted.get();
    }

    private void accept() {
        long ids = 0;
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server;
                try {
                    server = new Socket();
                    server.connect(target, 5000);
                } catch (IOException e) {
                    abortive(client);
                    continue;
                }
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                accepted.incrementAndGet();
                Link link = new Link(++ids, client, server, blackholeNew);
                links.add(link);
                link.start();
            } catch (IOException e) {
                if (!closed) System.err.println("TcpProxy accept failed: " + e);
            }
        }
    }

    private static void abortive(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing left to free
        }
    }

    /** One client connection and its connection to the target. */
    final class Link {
        final long id;
        private final Socket client;
        private final Socket server;
        volatile boolean blackholed;
        private boolean cut;

        Link(long id, Socket client, Socket server, boolean blackholed) {
            this.id = id;
            this.client = client;
            this.server = server;
            this.blackholed = blackholed;
        }

        void start() {
            Thread.ofVirtual().name("proxy-up-" + id).start(() -> pump(client, server, new OpFrameSpotter()));
            Thread.ofVirtual().name("proxy-down-" + id).start(() -> pump(server, client, null));
        }

        /** Copies {@code from} to {@code to}; {@code spotter} (upstream only) watches for op frames. */
        private void pump(Socket from, Socket to, OpFrameSpotter spotter) {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (blackholed) continue; // read and drop: the sender's writes succeed, nothing arrives
                    long d = delayMillis;
                    if (d > 0) Thread.sleep(d);
                    out.write(buf, 0, n);
                    if (spotter != null && spotter.feed(buf, n) > 0 && cutAfterOp()) {
                        if (cut(pick())) cutsAfterOp.incrementAndGet();
                        return;
                    }
                }
                // End of stream: pass the FIN on, unless blackholed (a half-open peer never hears of it).
                if (!blackholed) end(Cut.FIN, false);
            } catch (IOException | InterruptedException e) {
                if (!blackholed) end(Cut.RST, false);
            }
        }

        private boolean cutAfterOp() {
            double p = cutAfterOpRate;
            if (p <= 0) return false;
            synchronized (random) {
                return random.nextDouble() < p;
            }
        }

        private Cut pick() {
            synchronized (random) {
                return random.nextBoolean() ? Cut.RST : Cut.FIN;
            }
        }

        /** Cuts both sides (once): a fault; true if this call cut it. */
        boolean cut(Cut how) {
            return end(how, true);
        }

        /** Closes both sides (once), as a fault or because one end closed; true if this call closed it. */
        private boolean end(Cut how, boolean fault) {
            synchronized (this) {
                if (cut) return false;
                cut = true;
            }
            links.remove(this);
            if (fault) cuts.incrementAndGet();
            if (how == Cut.RST) {
                abortive(client);
                abortive(server);
            } else {
                try {
                    client.close();
                } catch (IOException ignored) {
                    // already gone
                }
                try {
                    server.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
            return true;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Link l : links) l.cut(Cut.RST);
    }
}
