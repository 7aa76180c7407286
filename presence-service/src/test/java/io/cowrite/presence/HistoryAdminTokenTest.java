package io.cowrite.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cowrite.bus.LocalBus;
import io.cowrite.history.api.BusHistoryReader;
import io.cowrite.history.api.HistoryCodec;
import io.cowrite.history.api.HistorySubjects;
import io.cowrite.history.api.SecretRequest;
import io.cowrite.history.api.SecretResult;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HistoryAdminTokenTest {

    @Test
    void theTokenIsAskedOfHistoryServiceUntilItAnswers() throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try (LocalBus bus = new LocalBus()) {
            HistorySubjects subjects = new HistorySubjects("t");
            BusHistoryReader history = new BusHistoryReader(bus, subjects, Duration.ofSeconds(5));
            AtomicInteger asked = new AtomicInteger();
            HistoryAdminToken token = HistoryAdminToken.fetched(() -> {
                asked.incrementAndGet();
                return history.secret("admin-token");
            }, timers, Duration.ofMillis(20));
            assertNull(token.token(), "nobody answers yet");
            HistoryCodec codec = new HistoryCodec();
            bus.subscribe(subjects.historySecret(), "history", m -> {
                SecretRequest r = codec.decode(m.payload(), SecretRequest.class);
                m.respond(codec.encodeOk(new SecretResult(r.name(), "the-" + r.name())));
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (token.token() == null && System.nanoTime() < deadline) Thread.sleep(5);
            assertEquals("the-admin-token", token.token());
            int attempts = asked.get();
            System.out.println("HistoryAdminTokenTest: answered at attempt " + attempts);
        } finally {
            timers.shutdownNow();
        }
    }
}
