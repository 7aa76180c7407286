package io.cowrite.editor.session;

import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.Decoded;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.core.protocol.ServerMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Transport} for session tests: records what the session sends and how it closes. With
 * {@link #stall} set, writes never complete, as with a client that stopped reading.
 */
final class FakeTransport implements Transport {
    private static final ProtocolCodec CODEC = new ProtocolCodec();

    final List<ServerMessage> sent = new CopyOnWriteArrayList<>();
    final AtomicReference<CloseCode> closedWith = new AtomicReference<>();
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger pings = new AtomicInteger();
    volatile boolean stall;
    volatile boolean socketGone;
    /** What {@link #close} returns: over at once unless a test holds the closing handshake open. */
    volatile CompletableFuture<?> closeOver = CompletableFuture.completedFuture(null);

    @Override
    public CompletionStage<?> send(byte[] utf8) {
        if (socketGone) return CompletableFuture.failedFuture(new IllegalStateException("connection closed"));
        switch (CODEC.decodeServer(new String(utf8, StandardCharsets.UTF_8))) {
            case Decoded.Ok<ServerMessage> ok -> sent.add(ok.message());
            case Decoded.Failure<ServerMessage> f -> throw new AssertionError("invalid server frame: " + f.message());
        }
        return stall ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
    }

    @Override
    public void ping() {
        pings.incrementAndGet();
    }

    @Override
    public CompletionStage<?> close(CloseCode code) {
        closes.incrementAndGet();
        closedWith.compareAndSet(null, code);
        return closeOver;
    }

    /** The messages sent so far of one type. */
    <T extends ServerMessage> List<T> sent(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
