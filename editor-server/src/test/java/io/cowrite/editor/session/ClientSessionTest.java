package io.cowrite.editor.session;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.core.protocol.ServerMessage;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClientSessionTest {

    /** Like Micronaut's session once the channel closed: {@code send} throws instead of failing the stage. */
    private static final class ClosingTransport implements Transport {
        volatile boolean socketClosed;
        final AtomicInteger written = new AtomicInteger();

        @Override
        public CompletionStage<?> send(String frame) {
            if (socketClosed) throw new IllegalStateException("Session closed");
            written.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close(CloseCode code) {
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1";
        }
    }

    /**
     * Documents fan an op out to their participants in a loop; a session whose socket closed a moment
     * before its onClosed ran must not throw into that loop (seen under load: "Session closed" from
     * Document.announce/presenceChanged, cutting off every participant after the closed one).
     */
    @Test
    void aSocketClosedUnderTheSessionDoesNotThrowIntoTheSender() {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try {
            ClosingTransport transport = new ClosingTransport();
            ClientSession session = new ClientSession(transport, new ProtocolCodec(), null,
                    new SessionRegistry(timers, Duration.ofSeconds(60)),
                    new SessionLimits(1 << 20, 50, 1000, 20, 30, Duration.ofSeconds(10)), "s1", "node-1", timers, 1_000_000);
            session.send(new ServerMessage.Pong("p1"));
            assertEquals(1, transport.written.get());
            transport.socketClosed = true;
            assertDoesNotThrow(() -> session.send(new ServerMessage.Pong("p2")));
        } finally {
            timers.shutdownNow();
        }
    }
}
