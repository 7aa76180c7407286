package io.cowrite.history.api;

/**
 * How a document's owner announces commits: implementations {@link BusCommitPublisher} and
 * {@link LocalCommitHub}. Best effort and at most once (see {@link CommitFeed}); never blocks for long
 * and never throws: a batch that cannot be published is recovered by followers from the heads.
 */
public interface CommitPublisher {

    /** Announces a committed batch, after its transaction committed. */
    void publish(CommittedBatch batch);

    /** Announces a shard's head heartbeat. */
    void publishHeads(Heads heads);
}
