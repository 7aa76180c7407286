package io.cowrite.history.admin;

import io.cowrite.core.ot.Component;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.history.admin.AdminViews.Revision;
import java.time.Duration;
import java.time.Instant;

/**
 * How the timeline groups ops into revisions. Two consecutive ops are in one revision when they have the
 * same author, the later was committed less than the revision gap after the earlier, and the later's
 * version is not a multiple of {@value #MAX_OPS}. The rule looks only at pairs of neighbours, so the
 * revisions partition the versions the same way whichever page, and in whichever direction, they are
 * read; the last clause bounds a revision (one person typing for hours) and so the ops one timeline page
 * reads: at most {@value #MAX_OPS} per revision.
 */
final class Revisions {
    static final int MAX_OPS = 1000;

    private Revisions() {
    }

    /** What the timeline needs of one op; added and removed count code points. */
    record OpSummary(long version, String author, long time, long added, long removed) {
        static OpSummary of(CommittedOp op) {
            long added = 0;
            long removed = 0;
            for (Component c : op.op().components()) {
                if (c instanceof Component.Insert i) added += i.length();
                else if (!(c instanceof Component.Skip)) removed += c.inputLength();
            }
            return new OpSummary(op.version(), op.author(), op.time(), added, removed);
        }
    }

    /** True when {@code later} (the op right after {@code earlier}) continues {@code earlier}'s revision. */
    static boolean together(OpSummary earlier, OpSummary later, Duration gap) {
        return later.version() == earlier.version() + 1
                && later.author().equals(earlier.author())
                && later.time() - earlier.time() < gap.toMillis()
                && later.version() % MAX_OPS != 0;
    }

    /** A revision grown backwards, from its newest op to its oldest. */
    static final class Builder {
        private long from;
        private final long to;
        private final String author;
        private long start;
        private final long end;
        private long added;
        private long removed;
        private long ops;

        Builder(OpSummary newest) {
            from = newest.version();
            to = newest.version() + 1;
            author = newest.author();
            start = newest.time();
            end = newest.time();
            add(newest);
        }

        void prepend(OpSummary older) {
            from = older.version();
            start = older.time();
            add(older);
        }

        private void add(OpSummary op) {
            added += op.added();
            removed += op.removed();
            ops++;
        }

        long from() {
            return from;
        }

        Revision build() {
            return new Revision(from, to, author, Instant.ofEpochMilli(start).toString(), Instant.ofEpochMilli(end).toString(),
                    added, removed, ops);
        }
    }
}
