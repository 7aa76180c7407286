package io.cowrite.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalBusTest extends BusContract {
    @Override
    protected Bus createBus() {
        return new LocalBus();
    }

    @Test
    void overflowIsDroppedAndCountedLikeASlowConsumer() throws Exception {
        try (LocalBus small = new LocalBus(2)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch entered = new CountDownLatch(1);
            Subscription s = small.subscribe("slow", m -> {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            small.publish("slow", new byte[]{0});
            assertTrue(entered.await(5, TimeUnit.SECONDS));
            // The handler holds message 0; the queue takes two more; the rest are dropped.
            for (int i = 1; i <= 5; i++) small.publish("slow", new byte[]{(byte) i});
            assertEquals(3, s.dropped());
            release.countDown();
        }
    }

    @Test
    void wildcardsMatchLikeNats() {
        assertTrue(SubjectPattern.matches("a.*.c", "a.b.c"));
        assertTrue(SubjectPattern.matches("a.>", "a.b.c"));
        assertTrue(!SubjectPattern.matches("a.>", "a"));
        assertTrue(!SubjectPattern.matches("a.*", "a.b.c"));
    }
}
