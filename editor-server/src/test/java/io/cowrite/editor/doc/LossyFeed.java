package io.cowrite.editor.doc;

import io.cowrite.history.api.CommitFeed;
import io.cowrite.history.api.CommittedBatch;
import io.cowrite.history.api.Heads;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A view of a commit feed that loses some batches (or heartbeats) the way core NATS may: the
 * {@code lose} predicate decides, per batch. Seeded tests pass a seeded predicate.
 */
final class LossyFeed implements CommitFeed {
    private final CommitFeed real;
    private final Predicate<CommittedBatch> lose;
    private final boolean loseHeads;

    LossyFeed(CommitFeed real, Predicate<CommittedBatch> lose, boolean loseHeads) {
        this.real = real;
        this.lose = lose;
        this.loseHeads = loseHeads;
    }

    /** Loses every batch (heartbeats pass). */
    static LossyFeed deaf(CommitFeed real) {
        return new LossyFeed(real, b -> true, false);
    }

    /** Loses each batch with probability {@code rate}. */
    static LossyFeed random(CommitFeed real, double rate, long seed) {
        Random r = new Random(seed);
        return new LossyFeed(real, b -> {
            synchronized (r) {
                return r.nextDouble() < rate;
            }
        }, false);
    }

    @Override
    public AutoCloseable follow(String doc, Consumer<CommittedBatch> listener) {
        return real.follow(doc, b -> {
            if (!lose.test(b)) listener.accept(b);
        });
    }

    @Override
    public AutoCloseable heads(Consumer<Heads> listener) {
        return real.heads(h -> {
            if (!loseHeads) listener.accept(h);
        });
    }

    @Override
    public void onReconnect(Runnable listener) {
        real.onReconnect(listener);
    }
}
