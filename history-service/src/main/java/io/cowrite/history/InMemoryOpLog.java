package io.cowrite.history;

import io.cowrite.bus.history.AppendRequest;
import io.cowrite.bus.history.AppendResult;
import io.cowrite.bus.history.CommittedOp;
import io.cowrite.bus.history.NewOp;
import io.cowrite.bus.history.LoadResult;
import io.cowrite.bus.history.RangeResult;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link OpLog} in memory, for tests and demos only: not durable (a restart loses everything), and
 * unbounded. Not fit for production. Same algorithm as {@link PostgresOpLog} ({@link CasAppend});
 * each document is guarded by its own monitor, so appends to one document are serialized and
 * different documents proceed in parallel. A rejected append leaves no trace (writes are buffered
 * until commit).
 */
public final class InMemoryOpLog implements OpLog {
    private final Map<String, DocLog> docs = new ConcurrentHashMap<>();
    private final OpLogSettings settings;
    private final CasAppend cas;

    public InMemoryOpLog(OpLogSettings settings, InstantSource clock) {
        this.settings = settings;
        this.cas = new CasAppend(settings, clock);
    }

    @Override
    public StoredAppend append(AppendRequest request) {
        DocLog d = docs.computeIfAbsent(request.doc(), k -> new DocLog());
        synchronized (d) {
            MemoryTx tx = new MemoryTx(d);
            StoredAppend stored = cas.run(tx, request);
            if (stored.result() instanceof AppendResult.Appended) tx.commit();
            return stored;
        }
    }

    @Override
    public LoadResult load(String doc) {
        DocLog d = docs.get(doc);
        if (d == null) return new LoadResult(doc, 0, "", List.of());
        synchronized (d) {
            Map.Entry<Long, String> m = d.milestones.floorEntry((long) d.ops.size());
            Milestone base = m == null ? Milestone.EMPTY : new Milestone(m.getKey(), m.getValue());
            return new LoadResult(doc, base.version(), base.text(), d.slice(base.version(), d.ops.size(), Integer.MAX_VALUE));
        }
    }

    @Override
    public RangeResult range(String doc, long from, long toExclusive) {
        DocLog d = docs.get(doc);
        if (d == null) return new RangeResult(doc, List.of(), false, 0);
        synchronized (d) {
            long head = d.ops.size();
            long end = Math.min(toExclusive, head);
            List<CommittedOp> page = d.slice(from, end, settings.pageSize());
            return new RangeResult(doc, page, from + page.size() < end, head);
        }
    }

    @Override
    public long head(String doc) {
        DocLog d = docs.get(doc);
        if (d == null) return 0;
        synchronized (d) {
            return d.ops.size();
        }
    }

    /** One document's committed state; guarded by its own monitor. */
    private static final class DocLog {
        final List<CommittedOp> ops = new ArrayList<>();
        final Map<String, Long> keys = new HashMap<>();
        final TreeMap<Long, String> milestones = new TreeMap<>();

        List<CommittedOp> slice(long from, long toExclusive, int limit) {
            if (from >= toExclusive || from < 0) return List.of();
            int start = (int) from;
            int end = (int) Math.min(toExclusive, Math.min(ops.size(), (long) start + limit));
            return start >= end ? List.of() : List.copyOf(ops.subList(start, end));
        }
    }

    /** Reads committed state; buffers writes until {@link #commit()}. Used under the document's monitor. */
    private static final class MemoryTx implements AppendTx {
        private final DocLog d;
        private final List<CommittedOp> inserted = new ArrayList<>();
        private final Map<Long, String> newMilestones = new HashMap<>();

        MemoryTx(DocLog d) {
            this.d = d;
        }

        @Override
        public long lockHead(String doc) {
            return d.ops.size();
        }

        @Override
        public List<AppendResult.DuplicateOf> committedAmong(String doc, List<NewOp> ops) {
            List<AppendResult.DuplicateOf> out = new ArrayList<>();
            for (NewOp op : ops) {
                Long v = d.keys.get(op.clientId() + '\u0000' + op.seq());
                if (v != null) out.add(new AppendResult.DuplicateOf(op.clientId(), op.seq(), v));
            }
            return out;
        }

        @Override
        public List<CommittedOp> ops(String doc, long from, long toExclusive, int limit) {
            return d.slice(from, toExclusive, limit);
        }

        @Override
        public Milestone latestMilestone(String doc, long atOrBefore) {
            Map.Entry<Long, String> m = d.milestones.floorEntry(atOrBefore);
            return m == null ? Milestone.EMPTY : new Milestone(m.getKey(), m.getValue());
        }

        @Override
        public void insertAll(List<CommittedOp> ops) {
            for (CommittedOp op : ops) {
                if (op.version() != d.ops.size() + inserted.size()) throw new IllegalStateException("gap at " + op.version());
                inserted.add(op);
            }
        }

        @Override
        public void insertMilestone(String doc, Milestone milestone) {
            newMilestones.put(milestone.version(), milestone.text());
        }

        @Override
        public void setHead(String doc, long head) {
            if (head != d.ops.size() + inserted.size()) throw new IllegalStateException("head mismatch");
        }

        void commit() {
            for (CommittedOp op : inserted) {
                d.ops.add(op);
                d.keys.put(op.clientId() + '\u0000' + op.seq(), op.version());
            }
            d.milestones.putAll(newMilestones);
        }
    }
}
