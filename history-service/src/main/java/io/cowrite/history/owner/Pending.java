package io.cowrite.history.owner;

import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.history.api.SubmitResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A submit that is sequenced but not yet durable: its op as it will be committed (transformed, in
 * invertible form, at its version), the text after it when that version is a milestone, and every
 * caller waiting for it (a resend of the same (clientId, seq) waits on the same one). Confined to its
 * document's executor.
 */
final class Pending {
    final CommittedOp op;
    final String milestoneText;
    private final List<CompletableFuture<SubmitResult>> replies = new ArrayList<>(1);

    Pending(CommittedOp op, String milestoneText, CompletableFuture<SubmitResult> reply) {
        this.op = op;
        this.milestoneText = milestoneText;
        replies.add(reply);
    }

    boolean is(String clientId, long seq) {
        return op.seq() == seq && op.clientId().equals(clientId);
    }

    void alsoReply(CompletableFuture<SubmitResult> reply) {
        replies.add(reply);
    }

    void reply(SubmitResult result) {
        for (CompletableFuture<SubmitResult> r : replies) r.complete(result);
    }
}
