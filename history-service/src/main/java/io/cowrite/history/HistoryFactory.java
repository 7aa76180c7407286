package io.cowrite.history;

import io.cowrite.bus.Bus;
import io.cowrite.bus.micronaut.BusConfig;
import io.cowrite.history.api.BusCommitPublisher;
import io.cowrite.history.api.CommitPublisher;
import io.cowrite.history.api.DocumentOwners;
import io.cowrite.history.api.HistoryReader;
import io.cowrite.history.api.HistorySubjects;
import io.cowrite.history.api.LocalCommitHub;
import io.cowrite.history.owner.InMemoryLeases;
import io.cowrite.history.owner.Leases;
import io.cowrite.history.owner.OwnerNode;
import io.cowrite.history.owner.PostgresLeases;
import io.cowrite.history.store.HistoryStore;
import io.cowrite.history.store.InMemoryHistoryStore;
import io.cowrite.history.store.PostgresHistoryStore;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/**
 * Wires history-service: the store, leases and secrets by {@code cowrite.history.store}; the owner side;
 * and, by {@code cowrite.bus.type}, either the bus endpoint (distributed) or the in-process ports the
 * editor uses directly (single process: nothing goes through JSON between the services).
 */
@Factory
@Requires(env = "history")
public class HistoryFactory {

    @Singleton
    @Requires(property = "cowrite.history.store", value = "postgres", defaultValue = "postgres")
    HistoryStore postgresStore(DataSource dataSource) {
        return new PostgresHistoryStore(dataSource);
    }

    @Singleton
    @Requires(property = "cowrite.history.store", value = "postgres", defaultValue = "postgres")
    Leases postgresLeases(DataSource dataSource) {
        return new PostgresLeases(dataSource);
    }

    @Singleton
    @Requires(property = "cowrite.history.store", value = "postgres", defaultValue = "postgres")
    ClusterSecrets postgresSecrets(DataSource dataSource) {
        return new PostgresClusterSecrets(dataSource);
    }

    @Singleton
    @Requires(property = "cowrite.history.store", value = "memory")
    InMemoryLeases inMemoryLeases() {
        return new InMemoryLeases(Clock.systemUTC());
    }

    @Singleton
    @Requires(property = "cowrite.history.store", value = "memory")
    HistoryStore inMemoryStore(InMemoryLeases leases) {
        return new InMemoryHistoryStore(leases);
    }

    @Singleton
    @Requires(property = "cowrite.history.store", value = "memory")
    ClusterSecrets inMemorySecrets() {
        return new InMemoryClusterSecrets();
    }

    @Singleton
    HistorySubjects historySubjects(BusConfig bus) {
        return new HistorySubjects(bus.prefix());
    }

    @Singleton
    HistoryService historyService(HistoryStore store, ClusterSecrets secrets, HistoryConfig config) {
        return new HistoryService(store, secrets, config.maxRange());
    }

    @Context
    @Bean(preDestroy = "close")
    OwnerNode ownerNode(HistoryStore store, Leases leases, CommitPublisher publisher, HistoryConfig config,
                        @Property(name = "cowrite.shards", defaultValue = "32") int shards,
                        @Property(name = "cowrite.max-doc-length", defaultValue = "1000000") int maxDocLength) {
        return new OwnerNode(store, leases, publisher, config.ownerSettings(shards, maxDocLength), Clock.systemUTC()).start();
    }

    // ---- distributed: everything over the bus

    @Singleton
    @Requires(property = "cowrite.bus.type", value = "nats")
    CommitPublisher busPublisher(Bus bus, HistorySubjects subjects) {
        return new BusCommitPublisher(bus, subjects);
    }

    @Context
    @Bean(preDestroy = "close")
    @Requires(property = "cowrite.bus.type", value = "nats")
    HistoryBusEndpoint busEndpoint(Bus bus, HistorySubjects subjects, HistoryService service, OwnerNode owner,
                                   HistoryConfig config) {
        return new HistoryBusEndpoint(bus, subjects, service, owner.sequencers(), config.workers(), config.queue()).start();
    }

    // ---- single process: the editor's ports are these objects themselves

    @Singleton
    @Requires(property = "cowrite.bus.type", value = "local", defaultValue = "local")
    LocalCommitHub localCommitHub() {
        return new LocalCommitHub();
    }

    @Singleton
    @Requires(property = "cowrite.bus.type", value = "local", defaultValue = "local")
    DocumentOwners localOwners(OwnerNode owner) {
        return owner.sequencers()::submit;
    }

    @Singleton
    @Requires(property = "cowrite.bus.type", value = "local", defaultValue = "local")
    HistoryReader localReader(HistoryService service) {
        return new LocalHistoryReader(service, Executors.newVirtualThreadPerTaskExecutor());
    }
}
