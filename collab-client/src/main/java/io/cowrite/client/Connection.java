package io.cowrite.client;

import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.Decoded;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.core.protocol.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One protocol v1 WebSocket connection over the JDK's {@link WebSocket}. Incoming frames are decoded
 * and handed to the listener one at a time, in order, on the client's I/O thread. Sends are
 * serialized (the JDK allows one outstanding send), so {@link #send} and {@link #sendRaw} are
 * thread-safe.
 *
 * <p>With a {@link Heartbeat} (protocol §4.8) the connection also notices a dead link that neither FIN nor RST
 * announced (a half-open connection: a NAT or proxy that dropped it, a laptop that slept): it sends a protocol
 * {@code ping} after {@code idle} without sending or without hearing anything, and when nothing at all (a message,
 * a ping or pong frame) arrives within {@code timeout} of that ping, it aborts the connection:
 * {@link #closed()} completes with 1006 and {@link #heartbeatExpired()} is true. One shared timer thread serves
 * every connection of the JVM.
 */
public final class Connection implements AutoCloseable {
    private static final ProtocolCodec CODEC = new ProtocolCodec();
    /** One HTTP client (one selector thread) for every connection of this JVM; load tests open thousands. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final ScheduledExecutorService HEARTBEATS =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cowrite-heartbeat").factory());

    /** Client heartbeat: a {@code ping} after {@code idle} of silence either way; dead after {@code timeout} without an answer. */
    public record Heartbeat(Duration idle, Duration timeout) {
        /** The protocol's: ping after 20 s, dead 10 s later. */
        public static final Heartbeat PROTOCOL = new Heartbeat(Duration.ofSeconds(20), Duration.ofSeconds(10));
    }

    private final WebSocket socket;
    private final CompletableFuture<Integer> closed;
    private final Liveness liveness;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private volatile boolean heartbeatExpired;
    private long pings;

    private Connection(WebSocket socket, CompletableFuture<Integer> closed, Liveness liveness) {
        this.socket = socket;
        this.closed = closed;
        this.liveness = liveness;
    }

    /** Opens a connection without a client heartbeat; {@code listener} receives every decoded server message. */
    public static Connection open(URI uri, Consumer<ServerMessage> listener) {
        return open(uri, listener, null);
    }

    /** Opens a connection; with a {@code heartbeat} (null: none) it detects a dead link by itself. */
    public static Connection open(URI uri, Consumer<ServerMessage> listener, Heartbeat heartbeat) {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        Liveness liveness = new Liveness();
        WebSocket ws = HTTP.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Listener(listener, closed, liveness))
                .join();
        Connection c = new Connection(ws, closed, liveness);
        if (heartbeat != null) c.startHeartbeat(heartbeat);
        return c;
    }

    private void startHeartbeat(Heartbeat h) {
        long tick = Math.max(10, Math.min(h.idle().toMillis(), h.timeout().toMillis()) / 4);
        ScheduledFuture<?> task = HEARTBEATS.scheduleAtFixedRate(() -> beat(h), tick, tick, TimeUnit.MILLISECONDS);
        closed.whenComplete((code, e) -> task.cancel(false));
    }

    /** One heartbeat tick: ping when silent; abort when a ping went unanswered too long. */
    private void beat(Heartbeat h) {
        long now = System.nanoTime();
        long pingAt = liveness.pingSentAt;
        if (pingAt != 0 && liveness.lastHeard - pingAt >= 0) pingAt = liveness.pingSentAt = 0; // something came back
        if (pingAt != 0) {
            if (now - pingAt >= h.timeout().toNanos()) {
                heartbeatExpired = true;
                abort();
            }
            return;
        }
        long idle = h.idle().toNanos();
        if (now - liveness.lastSent >= idle || now - liveness.lastHeard >= idle) {
            liveness.pingSentAt = now;
            send(new ClientMessage.Ping(++pings));
        }
    }

    /** True when the heartbeat found the link dead and aborted it. */
    public boolean heartbeatExpired() {
        return heartbeatExpired;
    }

    public void send(ClientMessage message) {
        sendRaw(CODEC.encode(message));
    }

    /** Sends any text, valid or not (tests use it for malformed traffic). */
    public synchronized void sendRaw(String text) {
        liveness.lastSent = System.nanoTime();
        lastSend = lastSend.handle((a, b) -> null).thenCompose(x -> socket.sendText(text, true));
    }

    /** Sends a text message split into {@code parts} WebSocket fragments. */
    public synchronized void sendFragmented(String text, int parts) {
        int step = Math.max(1, text.length() / parts);
        CompletableFuture<?> chain = lastSend.handle((a, b) -> null);
        for (int i = 0; i < text.length(); i += step) {
            String part = text.substring(i, Math.min(text.length(), i + step));
            boolean last = i + step >= text.length();
            chain = chain.thenCompose(x -> socket.sendText(part, last));
        }
        lastSend = chain;
    }

    public synchronized void sendBinary(byte[] data) {
        lastSend = lastSend.handle((a, b) -> null).thenCompose(x -> socket.sendBinary(ByteBuffer.wrap(data), true));
    }

    /** Completes with the close code the server sent (or 1006 when the connection dropped). */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    public boolean isOpen() {
        return !closed.isDone() && !socket.isOutputClosed();
    }

    /** Drops the TCP connection without a close handshake, as a network failure would. */
    public void abort() {
        socket.abort();
        closed.complete(1006);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
        closed.complete(1000);
    }

    /** When the connection last sent and heard anything, and when its unanswered ping went out (0: none). */
    private static final class Liveness {
        volatile long lastSent = System.nanoTime();
        volatile long lastHeard = System.nanoTime();
        volatile long pingSentAt;
    }

    private static final class Listener implements WebSocket.Listener {
        private final Consumer<ServerMessage> listener;
        private final CompletableFuture<Integer> closed;
        private final Liveness liveness;
        private final StringBuilder partial = new StringBuilder();

        Listener(Consumer<ServerMessage> listener, CompletableFuture<Integer> closed, Liveness liveness) {
            this.listener = listener;
            this.closed = closed;
            this.liveness = liveness;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            liveness.lastHeard = System.nanoTime(); // the JDK answers with a pong by itself
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            liveness.lastHeard = System.nanoTime();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            liveness.lastHeard = System.nanoTime();
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                switch (CODEC.decodeServer(frame)) {
                    case Decoded.Ok<ServerMessage> ok -> listener.accept(ok.message());
                    case Decoded.Failure<ServerMessage> f ->
                            throw new IllegalStateException("server sent an invalid frame: " + f.message() + ": " + frame);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(1006);
        }
    }
}
