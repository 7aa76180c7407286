package io.cowrite.editor.session;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what is queued to one client and not yet written to its socket, in frames and in bytes. A client
 * that reads too slowly is disconnected instead of growing the server's memory: beyond the frame cap, or
 * beyond the byte cap while more than one frame waits (one frame of any size always fits, so a large
 * snapshot can still be sent to an idle connection). Thread-safe.
 */
final class Outbox {
    private final Transport transport;
    private final int maxFrames;
    private final long maxBytes;
    private final AtomicInteger frames = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();

    Outbox(Transport transport, int maxFrames, long maxBytes) {
        this.transport = transport;
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    /** Queues a frame; false (nothing queued) when the client is too far behind and must be disconnected. */
    boolean offer(byte[] frame) {
        int f = frames.incrementAndGet();
        long b = bytes.addAndGet(frame.length);
        if (f > maxFrames || (f > 1 && b > maxBytes)) {
            frames.decrementAndGet();
            bytes.addAndGet(-frame.length);
            return false;
        }
        CompletionStage<?> written = transport.send(frame);
        written.whenComplete((ok, err) -> {
            frames.decrementAndGet();
            bytes.addAndGet(-frame.length);
        });
        return true;
    }

    int pendingFrames() {
        return frames.get();
    }

    long pendingBytes() {
        return bytes.get();
    }
}
