package io.cowrite.history;

import io.cowrite.bus.history.AppendResult;
import io.cowrite.bus.history.CommittedOp;
import io.cowrite.bus.history.HistoryError;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextType;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Milestone snapshots: the full text at every multiple of the interval, so that a load replays at most
 * one interval of ops. Stored inside the append transaction that crosses the multiple, so a committed
 * head always has its milestones (the text is the previous milestone with the ops applied).
 */
final class Milestones {
    private static final Logger LOG = LoggerFactory.getLogger(Milestones.class);

    private final int interval;

    Milestones(int interval) {
        this.interval = interval;
    }

    /**
     * Stores every milestone in {@code (oldHead, oldHead + added.size()]}.
     *
     * @return {@code Failed(invalid_op)} when an op of this batch does not apply to the text (the
     *         caller rolls back: history-service never commits an op it can prove wrong), else null
     */
    AppendResult.Failed storeCrossed(AppendTx tx, String doc, long oldHead, List<CommittedOp> added) {
        long newHead = oldHead + added.size();
        long first = (oldHead / interval + 1) * interval;
        if (first > newHead) return null;
        Milestone base = tx.latestMilestone(doc, oldHead);
        List<CommittedOp> ops = new ArrayList<>(tx.ops(doc, base.version(), oldHead, Integer.MAX_VALUE));
        ops.addAll(added);
        String text = base.text();
        long version = base.version();
        for (CommittedOp op : ops) {
            try {
                text = TextType.apply(text, op.op());
            } catch (OtException e) {
                return onReplayFailure(doc, op.version(), oldHead, e);
            }
            version++;
            if (version % interval == 0 && version > oldHead) tx.insertMilestone(doc, new Milestone(version, text));
        }
        return null;
    }

    private AppendResult.Failed onReplayFailure(String doc, long version, long oldHead, OtException e) {
        if (version >= oldHead) {
            return new AppendResult.Failed(HistoryError.INVALID_OP,
                    "Op at version " + version + " does not apply: " + e.error().code());
        }
        // An op committed earlier does not apply: rejecting now would block the document forever.
        // Commit without the milestone; loads then replay from the previous one.
        LOG.error("Document {}: stored op at version {} does not apply ({}); milestone skipped", doc, version, e.error().code());
        return null;
    }
}
