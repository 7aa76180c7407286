package io.cowrite.history.admin;

import io.cowrite.history.api.DocumentOwners;
import io.cowrite.history.api.Submit;
import io.cowrite.history.api.SubmitResult;
import io.cowrite.history.owner.Sequencers;
import java.util.concurrent.CompletableFuture;

/**
 * How the admin API reaches a document's owner, as an editor node does: in process when this replica
 * holds the document's shard ({@link Sequencers#submit}), else a {@code Submit} on the shard's subject
 * ({@link io.cowrite.history.api.BusDocumentOwners}). Either way the owner transforms, commits and
 * publishes the op like any other, so every open editor receives it. Thread-safe.
 */
final class OwnerRoute implements DocumentOwners {
    private final Sequencers sequencers;
    private final DocumentOwners remote;

    OwnerRoute(Sequencers sequencers, DocumentOwners remote) {
        this.sequencers = sequencers;
        this.remote = remote;
    }

    @Override
    public CompletableFuture<SubmitResult> submit(Submit submit) {
        // A shard lost between the check and the submit is answered unavailable; the caller resends.
        if (sequencers.shards().contains(sequencers.shardOf(submit.doc()))) return sequencers.submit(submit);
        return remote.submit(submit);
    }
}
