package io.cowrite.history.admin;

import io.cowrite.bus.Bus;
import io.cowrite.history.HistoryConfig;
import io.cowrite.history.api.BusDocumentOwners;
import io.cowrite.history.api.HistorySubjects;
import io.cowrite.history.api.ShardMap;
import io.cowrite.history.owner.OwnerNode;
import io.cowrite.history.store.HistoryStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Wires the admin history API. The reads need PostgreSQL (with the memory store there are no admin reads);
 * the writes go to the owner in process when this replica holds the shard, else over the bus.
 */
@Factory
@Requires(env = "history")
public class AdminFactory {
    /** How long the owner may take to answer one submit. */
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(10);

    @Singleton
    @Requires(property = "cowrite.history.store", value = "postgres", defaultValue = "postgres")
    AdminQueries adminQueries(DataSource dataSource) {
        return new AdminQueries(dataSource);
    }

    @Singleton
    @Requires(property = "cowrite.history.store", value = "postgres", defaultValue = "postgres")
    AdminHistory adminHistory(HistoryStore store, AdminQueries queries, AdminConfig config, HistoryConfig history) {
        return new AdminHistory(store, queries, config, history.milestoneInterval());
    }

    @Singleton
    AdminWrites adminWrites(HistoryStore store, OwnerNode owner, Bus bus, HistorySubjects subjects, HistoryConfig config) {
        BusDocumentOwners remote = new BusDocumentOwners(bus, subjects, new ShardMap(owner.settings().shards()), SUBMIT_TIMEOUT);
        return new AdminWrites(store, new OwnerRoute(owner.sequencers(), remote), config.maxRange(), SUBMIT_TIMEOUT.toMillis() + 1000);
    }
}
