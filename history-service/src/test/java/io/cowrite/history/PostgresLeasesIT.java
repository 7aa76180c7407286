package io.cowrite.history;

import io.cowrite.history.owner.Leases;
import io.cowrite.history.owner.PostgresLeases;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The leases contract against the real PostgreSQL, whose clock judges expiry. */
class PostgresLeasesIT extends LeasesContract {
    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() throws Exception {
        db = new TestDatabase().migrated();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (db != null) db.close();
    }

    @Override
    protected Leases leases() {
        return new PostgresLeases(db.dataSource());
    }

    /** Waits until PostgreSQL's own clock says the lease lapsed (polling that condition, bounded). */
    @Override
    protected void lapse(Leases leases, int shard, Duration ttl) {
        long deadline = System.nanoTime() + ttl.toNanos() + 10_000_000_000L;
        while (!leases.takeable(shard + 1).contains(shard) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
