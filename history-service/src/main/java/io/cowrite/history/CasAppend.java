package io.cowrite.history;

import io.cowrite.bus.history.AppendRequest;
import io.cowrite.bus.history.AppendResult;
import io.cowrite.bus.history.CommittedOp;
import io.cowrite.bus.history.HistoryError;
import io.cowrite.bus.history.NewOp;
import io.cowrite.bus.history.Outcome;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The compare-and-set append algorithm, shared by every {@link OpLog} so they cannot drift apart:
 * lock the head, answer a conflict with the missing ops, refuse the whole batch when a (clientId, seq)
 * is already committed (answering the original versions), write the
 * new ops at consecutive versions, store the milestones the batch crosses, move the head. The caller
 * commits when the result is {@link AppendResult.Appended} and rolls back otherwise.
 */
final class CasAppend {
    private final OpLogSettings settings;
    private final InstantSource clock;
    private final Milestones milestones;

    CasAppend(OpLogSettings settings, InstantSource clock) {
        this.settings = settings;
        this.clock = clock;
        this.milestones = new Milestones(settings.milestoneInterval());
    }

    StoredAppend run(AppendTx tx, AppendRequest request) {
        String doc = request.doc();
        long head = tx.lockHead(doc);
        if (request.expectedVersion() > head) {
            return StoredAppend.rejected(new AppendResult.Failed(HistoryError.BAD_VERSION,
                    "expectedVersion " + request.expectedVersion() + " is past the head " + head));
        }
        if (request.expectedVersion() < head) {
            return StoredAppend.rejected(conflict(tx, doc, request.expectedVersion(), head));
        }
        Set<String> keys = new HashSet<>();
        for (NewOp op : request.ops()) {
            if (!keys.add(op.clientId() + '\u0000' + op.seq())) {
                return StoredAppend.rejected(new AppendResult.Failed(HistoryError.BAD_REQUEST,
                        "(" + op.clientId() + ", " + op.seq() + ") appears twice in one batch"));
            }
        }
        List<AppendResult.DuplicateOf> duplicates = tx.committedAmong(doc, request.ops());
        if (!duplicates.isEmpty()) {
            // All or nothing: later ops of the batch were transformed assuming the earlier ones apply.
            return StoredAppend.rejected(new AppendResult.Duplicate(duplicates));
        }
        List<Outcome> outcomes = new ArrayList<>(request.ops().size());
        List<CommittedOp> committed = new ArrayList<>();
        long now = clock.millis();
        for (NewOp op : request.ops()) {
            long version = head + committed.size();
            committed.add(new CommittedOp(doc, version, op.clientId(), op.seq(), op.author(), op.op(), now));
            outcomes.add(Outcome.committed(version));
        }
        tx.insertAll(committed);
        if (!committed.isEmpty()) {
            AppendResult.Failed failed = milestones.storeCrossed(tx, doc, head, committed);
            if (failed != null) return StoredAppend.rejected(failed);
            tx.setHead(doc, head + committed.size());
        }
        return new StoredAppend(new AppendResult.Appended(outcomes), committed);
    }

    private AppendResult.Conflict conflict(AppendTx tx, String doc, long from, long head) {
        int page = settings.pageSize();
        List<CommittedOp> missing = tx.ops(doc, from, head, page);
        boolean more = from + missing.size() < head;
        return new AppendResult.Conflict(head, missing, more);
    }
}
