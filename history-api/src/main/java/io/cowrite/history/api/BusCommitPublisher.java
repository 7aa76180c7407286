package io.cowrite.history.api;

import io.cowrite.bus.Bus;
import io.cowrite.bus.BusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link CommitPublisher} over the bus: a batch on its document's subject, heads on the shard's. */
public final class BusCommitPublisher implements CommitPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(BusCommitPublisher.class);

    private final Bus bus;
    private final HistorySubjects subjects;
    private final HistoryCodec codec = new HistoryCodec();

    public BusCommitPublisher(Bus bus, HistorySubjects subjects) {
        this.bus = bus;
        this.subjects = subjects;
    }

    @Override
    public void publish(CommittedBatch batch) {
        send(subjects.doc(batch.doc()), batch);
    }

    @Override
    public void publishHeads(Heads heads) {
        send(subjects.heads(heads.shard()), heads);
    }

    private void send(String subject, Object value) {
        try {
            bus.publish(subject, codec.encode(value));
        } catch (BusException e) {
            // Committed is committed: followers recover what they miss from the next heads or their reconnect.
            LOG.warn("could not publish on {}: {}", subject, e.getMessage());
        }
    }
}
