package io.cowrite.history;

import io.cowrite.bus.history.AppendResult;
import io.cowrite.bus.history.CommittedOp;
import io.cowrite.bus.history.NewOp;
import java.util.List;

/**
 * The storage steps of one append transaction, as {@link CasAppend} needs them. Reads see only what was
 * committed before this transaction (plus its own head lock); writes become visible at commit.
 * Implementations are used by one thread.
 */
interface AppendTx {

    /** Creates the document if absent, locks it against concurrent appends, and returns its head. */
    long lockHead(String doc);

    /** Of {@code ops}, those whose (clientId, seq) is already committed, with their versions: one read. */
    List<AppendResult.DuplicateOf> committedAmong(String doc, List<NewOp> ops);

    /** Committed ops with {@code from <= version < toExclusive}, in order, at most {@code limit}. */
    List<CommittedOp> ops(String doc, long from, long toExclusive, int limit);

    /** The latest milestone with version {@code <= atOrBefore}, or {@link Milestone#EMPTY}. */
    Milestone latestMilestone(String doc, long atOrBefore);

    /** Inserts ops at consecutive versions after the head, in one round trip where the store allows. */
    void insertAll(List<CommittedOp> ops);

    void insertMilestone(String doc, Milestone milestone);

    void setHead(String doc, long head);
}
