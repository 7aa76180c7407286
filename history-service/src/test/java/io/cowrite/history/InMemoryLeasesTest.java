package io.cowrite.history;

import io.cowrite.history.owner.InMemoryLeases;
import io.cowrite.history.owner.Leases;
import java.time.Duration;

class InMemoryLeasesTest extends LeasesContract {
    private MutableClock clock;

    @Override
    protected Leases leases() {
        clock = new MutableClock();
        return new InMemoryLeases(clock);
    }

    @Override
    protected void lapse(Leases leases, int shard, Duration ttl) {
        clock.advance(ttl.plusMillis(1));
    }
}
