package io.cowrite.bus.micronaut;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cowrite.bus.LocalBus;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

class BusHealthTest {

    @Test
    void upWhileConnectedDownOnceTheBusIsGone() throws Exception {
        LocalBus bus = new LocalBus();
        BusHealth health = new BusHealth(bus);
        assertEquals(HealthStatus.UP, status(health));
        bus.close();
        assertEquals(HealthStatus.DOWN, status(health));
    }

    private static HealthStatus status(BusHealth health) throws Exception {
        CompletableFuture<HealthResult> result = new CompletableFuture<>();
        health.getResult().subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(1);
            }

            @Override
            public void onNext(HealthResult r) {
                result.complete(r);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
            }
        });
        return result.get().getStatus();
    }
}
