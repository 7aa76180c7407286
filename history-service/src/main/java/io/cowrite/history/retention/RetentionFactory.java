package io.cowrite.history.retention;

import io.cowrite.history.owner.OwnerNode;
import io.cowrite.history.store.HistoryStore;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import java.time.Clock;

/** Starts {@link Retention} on every replica (it does nothing without {@code cowrite.history.retention.horizon}). */
@Factory
@Requires(env = "history")
public class RetentionFactory {

    @Context
    @Bean(preDestroy = "close")
    Retention retention(HistoryStore store, OwnerNode owner, RetentionConfig config) {
        return new Retention(store, owner.sequencers(), owner.settings().replicaId(), config.horizon(), config.interval(),
                Clock.systemUTC()).start();
    }
}
