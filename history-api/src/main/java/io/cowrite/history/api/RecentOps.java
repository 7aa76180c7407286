package io.cowrite.history.api;

import io.cowrite.core.protocol.CommittedOp;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded buffer of the last committed ops of one document, by version. It serves transforms of
 * slightly stale submits and short resumes without a round trip to storage; older versions are read
 * from the store. Used by owners and editor nodes. Not thread-safe: owned by the document's serial executor.
 *
 * <p>The ring starts small and doubles up to its capacity as ops arrive: most open documents are idle, and
 * a node holds thousands of them (a full ring of 1,000 references is 4 KB per document before any op).
 */
public final class RecentOps {
    private static final int INITIAL = 8;
    private final int capacity;
    private CommittedOp[] ring;
    private long start;   // oldest version held
    private long end;     // one past the newest version held (= document version)

    public RecentOps(int capacity, long version) {
        this.capacity = Math.max(1, capacity);
        this.ring = new CommittedOp[Math.min(this.capacity, INITIAL)];
        this.start = version;
        this.end = version;
    }

    /** Appends the op committed at {@link #end()}; the oldest op falls out when full. */
    public void add(CommittedOp op) {
        if (op.version() != end) {
            throw new IllegalStateException("expected version " + end + " but got " + op.version());
        }
        if (end - start == ring.length && ring.length < capacity) grow();
        ring[(int) (end % ring.length)] = op;
        end++;
        if (end - start > ring.length) start = end - ring.length;
    }

    /** Doubles the ring (up to the capacity), keeping every op it holds at its version's new slot. */
    private void grow() {
        CommittedOp[] bigger = new CommittedOp[Math.min(capacity, ring.length * 2)];
        for (long v = start; v < end; v++) bigger[(int) (v % bigger.length)] = ring[(int) (v % ring.length)];
        ring = bigger;
    }

    /** Oldest version whose op is held. */
    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public boolean covers(long fromVersion) {
        return fromVersion >= start && fromVersion <= end;
    }

    /** The ops at versions {@code [from, end)}; {@code from} must be covered. */
    public List<CommittedOp> since(long from) {
        List<CommittedOp> out = new ArrayList<>((int) (end - from));
        for (long v = from; v < end; v++) out.add(ring[(int) (v % ring.length)]);
        return out;
    }
}
