package io.cowrite.app.faults;

import io.cowrite.history.api.CommitFeed;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TESTS ONLY: wraps an editor node's commit feed in a {@link FaultyFeed} when
 * {@code cowrite.test.fault-drop-rate} is set. It lives in the tests' classes, which multi-node tests
 * put on the classpath of the editor processes they start; production jars never contain it.
 */
@Singleton
@Requires(property = "cowrite.test.fault-drop-rate")
public class FaultInjection implements BeanCreatedEventListener<CommitFeed> {
    private static final Logger LOG = LoggerFactory.getLogger(FaultInjection.class);

    private final double dropRate;
    private final double delayRate;
    private final long seed;

    public FaultInjection(@Property(name = "cowrite.test.fault-drop-rate") double dropRate,
                          @Property(name = "cowrite.test.fault-delay-rate", defaultValue = "0") double delayRate,
                          @Property(name = "cowrite.test.fault-seed", defaultValue = "1") long seed) {
        this.dropRate = dropRate;
        this.delayRate = delayRate;
        this.seed = seed;
    }

    @Override
    public CommitFeed onCreated(BeanCreatedEvent<CommitFeed> event) {
        LOG.warn("FAULT INJECTION: dropping {} and delaying {} of committed batches (seed {})", dropRate, delayRate, seed);
        return new FaultyFeed(event.getBean(), dropRate, delayRate, seed);
    }
}
