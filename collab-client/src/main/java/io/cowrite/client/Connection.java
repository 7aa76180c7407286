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
import java.util.function.Consumer;

/**
 * One protocol v1 WebSocket connection over the JDK's {@link WebSocket}. Incoming frames are decoded
 * and handed to the listener one at a time, in order, on the client's I/O thread. Sends are
 * serialized (the JDK allows one outstanding send), so {@link #send} and {@link #sendRaw} are
 * thread-safe.
 */
public final class Connection implements AutoCloseable {
    private static final ProtocolCodec CODEC = new ProtocolCodec();
    /** One HTTP client (one selector thread) for every connection of this JVM; load tests open thousands. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket socket;
    private final CompletableFuture<Integer> closed;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

    private Connection(WebSocket socket, CompletableFuture<Integer> closed) {
        this.socket = socket;
        this.closed = closed;
    }

    /** Opens a connection; {@code listener} receives every decoded server message. */
    public static Connection open(URI uri, Consumer<ServerMessage> listener) {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket ws = HTTP.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Listener(listener, closed))
                .join();
        return new Connection(ws, closed);
    }

    public void send(ClientMessage message) {
        sendRaw(CODEC.encode(message));
    }

    /** Sends any text, valid or not (tests use it for malformed traffic). */
    public synchronized void sendRaw(String text) {
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

    private static final class Listener implements WebSocket.Listener {
        private final Consumer<ServerMessage> listener;
        private final CompletableFuture<Integer> closed;
        private final StringBuilder partial = new StringBuilder();

        Listener(Consumer<ServerMessage> listener, CompletableFuture<Integer> closed) {
            this.listener = listener;
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
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
