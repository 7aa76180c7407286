package io.cowrite.editor.doc;

import io.cowrite.bus.history.CommittedOp;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded buffer of the last committed ops of one document, by version. It serves transforms of
 * slightly stale submits and short resumes without a round trip to history-service; older versions
 * are fetched from history-service. Not thread-safe: owned by the document's serial executor.
 */
final class RecentOps {
    private final CommittedOp[] ring;
    private long start;   // oldest version held
    private long end;     // one past the newest version held (= document version)

    RecentOps(int capacity, long version) {
        this.ring = new CommittedOp[Math.max(1, capacity)];
        this.start = version;
        this.end = version;
    }

    /** Appends the op committed at {@link #end()}; the oldest op falls out when full. */
    void add(CommittedOp op) {
        if (op.version() != end) {
            throw new IllegalStateException("expected version " + end + " but got " + op.version());
        }
        ring[(int) (end % ring.length)] = op;
        end++;
        if (end - start > ring.length) start = end - ring.length;
    }

    /** Oldest version whose op is held. */
    long start() {
        return start;
    }

    long end() {
        return end;
    }

    boolean covers(long fromVersion) {
        return fromVersion >= start && fromVersion <= end;
    }

    /** The ops at versions {@code [from, end)}; {@code from} must be covered. */
    List<CommittedOp> since(long from) {
        List<CommittedOp> out = new ArrayList<>((int) (end - from));
        for (long v = from; v < end; v++) out.add(ring[(int) (v % ring.length)]);
        return out;
    }
}
