package io.cowrite.editor.session;

import io.cowrite.core.protocol.CloseCode;
import java.util.concurrent.CompletionStage;

/** One WebSocket connection as the session sees it (Micronaut's session in production). Thread-safe. */
public interface Transport {
    /** Queues a text frame; the stage completes when it is written to the socket. */
    CompletionStage<?> send(String frame);

    /** Closes with a protocol close code; idempotent. */
    void close(CloseCode code);

    /** The peer's address, for per-address connection limits. */
    String remoteAddress();
}
