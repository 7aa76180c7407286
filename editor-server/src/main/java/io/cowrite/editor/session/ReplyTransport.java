package io.cowrite.editor.session;

import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.Decoded;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.core.protocol.ServerMessage;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The {@link Transport} of one HTTP request that waits for an answer (a long poll, a POST of an op): what
 * the session sends is decoded back into messages for the request's {@code listener}, which picks the one
 * that answers it; a close is reported to {@code closed} (every time: it must be idempotent, like this
 * transport's close). Nothing is queued: "written" at once.
 * Thread-safe if the listeners are.
 */
final class ReplyTransport implements Transport {
    private final ProtocolCodec codec;
    private final Consumer<ServerMessage> listener;
    private final Consumer<CloseCode> closed;

    ReplyTransport(ProtocolCodec codec, Consumer<ServerMessage> listener, Consumer<CloseCode> closed) {
        this.codec = codec;
        this.listener = listener;
        this.closed = closed;
    }

    @Override
    public CompletionStage<?> send(byte[] utf8) {
        if (codec.decodeServer(new String(utf8, StandardCharsets.UTF_8)) instanceof Decoded.Ok<ServerMessage> ok) {
            listener.accept(ok.message());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void ping() {
    }

    @Override
    public CompletionStage<?> close(CloseCode code) {
        closed.accept(code);
        return CompletableFuture.completedFuture(null);
    }
}
