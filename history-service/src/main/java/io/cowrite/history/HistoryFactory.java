package io.cowrite.history;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;

/** Picks the {@link OpLog} by {@code cowrite.history.store} and builds the {@link HistoryService}. */
@Factory
@Requires(env = "history")
public class HistoryFactory {

    @Singleton
    @Requires(property = "cowrite.history.store", value = "postgres", defaultValue = "postgres")
    OpLog postgresOpLog(DataSource dataSource, HistoryConfig config) {
        return new PostgresOpLog(dataSource, config.opLogSettings(), Clock.systemUTC());
    }

    @Singleton
    @Requires(property = "cowrite.history.store", value = "memory")
    OpLog inMemoryOpLog(HistoryConfig config) {
        return new InMemoryOpLog(config.opLogSettings(), Clock.systemUTC());
    }

    @Singleton
    HistoryService historyService(OpLog log, HistoryConfig config) {
        return new HistoryService(log, config.maxRange());
    }
}
