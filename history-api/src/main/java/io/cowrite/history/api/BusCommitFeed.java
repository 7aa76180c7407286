package io.cowrite.history.api;

import io.cowrite.bus.Bus;
import io.cowrite.bus.ConnectionEvent;
import io.cowrite.bus.Subscription;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link CommitFeed} over the bus: one subscription per followed document, one for all heads. */
public final class BusCommitFeed implements CommitFeed {
    private static final Logger LOG = LoggerFactory.getLogger(BusCommitFeed.class);

    private final Bus bus;
    private final HistorySubjects subjects;
    private final HistoryCodec codec = new HistoryCodec();

    public BusCommitFeed(Bus bus, HistorySubjects subjects) {
        this.bus = bus;
        this.subjects = subjects;
    }

    @Override
    public AutoCloseable follow(String doc, Consumer<CommittedBatch> listener) {
        Subscription s = bus.subscribe(subjects.doc(doc), m -> decode(m.payload(), CommittedBatch.class, listener));
        return s::unsubscribe;
    }

    @Override
    public AutoCloseable heads(Consumer<Heads> listener) {
        Subscription s = bus.subscribe(subjects.allHeads(), m -> decode(m.payload(), Heads.class, listener));
        return s::unsubscribe;
    }

    @Override
    public void onReconnect(Runnable listener) {
        bus.addConnectionListener(event -> {
            if (event == ConnectionEvent.RECONNECTED) listener.run();
        });
    }

    private <T> void decode(byte[] payload, Class<T> type, Consumer<T> listener) {
        T value;
        try {
            value = codec.decode(payload, type);
        } catch (HistoryException e) {
            LOG.warn("ignoring a malformed {}: {}", type.getSimpleName(), e.getMessage());
            return;
        }
        listener.accept(value);
    }
}
