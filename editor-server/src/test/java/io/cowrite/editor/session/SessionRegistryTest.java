package io.cowrite.editor.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cowrite.core.protocol.CloseCode;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Server pings, and the idle timeout that frees half-open connections and clients that stopped reading. */
class SessionRegistryTest {

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5); // polling a condition, bounded by the deadline
        }
    }

    @Test
    void silentSessionsArePingedThenClosedWhileAnsweringOnesStay() throws Exception {
        try (Sessions sessions = new Sessions(Sessions.LIMITS, null, Duration.ofMillis(400), Duration.ofMillis(50))) {
            FakeTransport silent = new FakeTransport();
            FakeTransport alive = new FakeTransport();
            sessions.open(silent).onText("{\"type\":\"hello\",\"protocol\":1}");
            ClientSession answering = sessions.open(alive);
            answering.onText("{\"type\":\"hello\",\"protocol\":1}");

            await(() -> silent.pings.get() >= 2 && alive.pings.get() >= 2, "pings");
            // The live client answers every ping with a pong, as browsers do by themselves.
            long until = System.nanoTime() + 1_000_000_000L;
            while (silent.closedWith.get() == null && System.nanoTime() < until) {
                answering.onPong();
                Thread.sleep(20);
            }
            assertEquals(CloseCode.TIMEOUT, silent.closedWith.get());
            assertNull(alive.closedWith.get());
            assertEquals(1, sessions.registry.size());
        }
    }
}
