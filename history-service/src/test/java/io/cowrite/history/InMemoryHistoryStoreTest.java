package io.cowrite.history;

import io.cowrite.history.owner.InMemoryLeases;
import io.cowrite.history.owner.Leases;
import io.cowrite.history.store.HistoryStore;
import io.cowrite.history.store.InMemoryHistoryStore;
import java.time.Clock;

class InMemoryHistoryStoreTest extends HistoryStoreContract {
    private InMemoryLeases leaseTable;

    @Override
    protected HistoryStore createStore() {
        leaseTable = new InMemoryLeases(Clock.systemUTC());
        return new InMemoryHistoryStore(leaseTable);
    }

    @Override
    protected Leases leases() {
        return leaseTable;
    }
}
