package io.cowrite.editor.session;

import io.cowrite.core.protocol.CloseCode;
import java.util.concurrent.CompletionStage;

/**
 * One WebSocket connection as the session sees it (a Netty channel in production, a fake in tests).
 * Thread-safe: documents' executors send while the connection's own thread reads.
 */
public interface Transport {
    /**
     * Queues one text frame (UTF-8 bytes, never modified afterwards, so one array may be shared by many
     * sessions). The stage completes when the frame is written to the socket, or fails when it cannot be.
     * Never throws.
     */
    CompletionStage<?> send(byte[] utf8);

    /** Sends a WebSocket ping frame; the peer's pong counts as activity. Never throws. */
    void ping();

    /**
     * Starts closing with {@code code}: sends the close frame, then drops the TCP connection when the peer
     * answers with its close frame, or after the close timeout at the latest (a peer that does not read
     * would otherwise hold the connection, since the close frame cannot be written). Idempotent: a later
     * call changes nothing and returns the same outcome. The stage completes (normally or not) once the
     * close is over: the connection dropped, or the stream ended. Never throws.
     */
    CompletionStage<?> close(CloseCode code);
}
