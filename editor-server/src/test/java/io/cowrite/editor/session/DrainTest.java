package io.cowrite.editor.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.ServerMessage;
import io.cowrite.editor.Drain;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The drain returns (and the node then stops, dropping every connection) only once each session's close
 * is over, so no client reads an abnormal closure instead of 4000 (the DrainIT failure this guards:
 * close frames still queued when the application stopped). A handshake that never ends is given up at
 * seven eighths of {@code drain-timeout}.
 */
class DrainTest {
    private static final String HELLO = "{\"type\":\"hello\",\"protocol\":1}";

    @Test
    void returnsOnlyOnceEveryCloseIsOver() throws Exception {
        try (Sessions sessions = new Sessions()) {
            FakeTransport quick = new FakeTransport();
            FakeTransport slow = new FakeTransport();
            CompletableFuture<Void> handshake = new CompletableFuture<>();
            slow.closeOver = handshake;
            sessions.open(quick).onText(HELLO);
            sessions.open(slow).onText(HELLO);
            Drain drain = new Drain(sessions.registry, Duration.ofHours(1), Duration.ofMillis(1));

            CompletableFuture<Void> drained = CompletableFuture.runAsync(drain::run);
            await(() -> slow.closedWith.get() != null && quick.closedWith.get() != null);
            assertEquals(CloseCode.DRAINING, slow.closedWith.get());
            assertEquals(CloseCode.DRAINING, quick.closedWith.get());
            assertEquals(1, slow.sent(ServerMessage.Reconnect.class).size(), "told to reconnect first");
            assertFalse(drained.isDone(), "still waiting for the slow client's closing handshake");
            handshake.complete(null); // the client answered the close frame: the drain may end now
            drained.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCloseThatNeverEndsIsGivenUpBeforeTheDrainTimeout() throws Exception {
        try (Sessions sessions = new Sessions()) {
            FakeTransport stuck = new FakeTransport();
            stuck.closeOver = new CompletableFuture<>(); // never over
            sessions.open(stuck).onText(HELLO);
            Duration timeout = Duration.ofMillis(800);
            Drain drain = new Drain(sessions.registry, timeout, Duration.ofMillis(1));

            long started = System.nanoTime();
            drain.run();
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(CloseCode.DRAINING, stuck.closedWith.get());
            assertTrue(tookMs >= timeout.toMillis() * 7 / 8 - 1, "waited for the close until 7/8 of drain-timeout: " + tookMs + " ms");
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "condition not met in 10 s");
            Thread.sleep(5);
        }
    }
}
