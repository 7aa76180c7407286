package io.cowrite.history;

import io.cowrite.bus.history.CommittedOp;
import java.util.List;
import java.util.OptionalLong;

/**
 * The storage steps of one append transaction, as {@link CasAppend} needs them. Reads see only what was
 * committed before this transaction (plus its own head lock); writes become visible at commit.
 * Implementations are used by one thread.
 */
interface AppendTx {

    /** Creates the document if absent, locks it against concurrent appends, and returns its head. */
    long lockHead(String doc);

    /** The version at which (clientId, seq) was committed, if it was. */
    OptionalLong committedVersion(String doc, String clientId, long seq);

    /** Committed ops with {@code from <= version < toExclusive}, in order, at most {@code limit}. */
    List<CommittedOp> ops(String doc, long from, long toExclusive, int limit);

    /** The latest milestone with version {@code <= atOrBefore}, or {@link Milestone#EMPTY}. */
    Milestone latestMilestone(String doc, long atOrBefore);

    void insert(CommittedOp op);

    void insertMilestone(String doc, Milestone milestone);

    void setHead(String doc, long head);
}
