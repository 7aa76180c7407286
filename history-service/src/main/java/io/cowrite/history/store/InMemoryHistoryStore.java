package io.cowrite.history.store;

import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.history.api.LoadResult;
import io.cowrite.history.api.RangeResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link HistoryStore} in memory, for tests and demos only: not durable (a restart loses everything)
 * and unbounded. Not fit for production. Same contract as {@link PostgresHistoryStore} (fence, head
 * compare-and-set, all or nothing); one monitor guards everything, which is plenty for tests.
 */
public final class InMemoryHistoryStore implements HistoryStore {
    private final LeaseFence fence;
    private final Map<String, DocLog> docs = new HashMap<>();

    public InMemoryHistoryStore(LeaseFence fence) {
        this.fence = fence;
    }

    private static final class DocLog {
        /** The ops from {@link #horizon} on: {@code ops.get(i)} is the op at version {@code horizon + i}. */
        final List<CommittedOp> ops = new ArrayList<>();
        final Map<String, Long> keys = new HashMap<>();
        /** Each client's last (seq, version), compacted or not. */
        final Map<String, SeqAt> last = new HashMap<>();
        final TreeMap<Long, String> milestones = new TreeMap<>();
        long horizon;

        long head() {
            return horizon + ops.size();
        }

        List<CommittedOp> slice(long from, long toExclusive, int limit) {
            long start = Math.max(horizon, from);
            long end = Math.min(toExclusive, Math.min(head(), start + limit));
            return start >= end ? List.of() : List.copyOf(ops.subList((int) (start - horizon), (int) (end - horizon)));
        }
    }

    private DocLog log(String doc) {
        return docs.getOrDefault(doc, new DocLog());
    }

    @Override
    public synchronized LoadResult load(String doc) {
        DocLog d = log(doc);
        Milestone base = milestoneAtOrBelow(doc, d.head());
        return new LoadResult(doc, base.version(), base.text(), d.slice(base.version(), d.head(), Integer.MAX_VALUE));
    }

    @Override
    public synchronized RangeResult range(String doc, long from, long toExclusive, int limit) {
        DocLog d = log(doc);
        long end = Math.min(toExclusive, d.head());
        List<CommittedOp> page = d.slice(from, end, limit);
        return new RangeResult(doc, page, Math.max(from, d.horizon) + page.size() < end, d.head());
    }

    @Override
    public synchronized Map<String, Long> heads(Collection<String> ids) {
        Map<String, Long> out = new HashMap<>();
        for (String id : ids) if (docs.containsKey(id)) out.put(id, docs.get(id).head());
        return out;
    }

    @Override
    public synchronized SeqAt lastSeq(String doc, String clientId) {
        return log(doc).last.get(clientId);
    }

    @Override
    public synchronized OptionalLong versionOf(String doc, String clientId, long seq) {
        Long v = log(doc).keys.get(clientId + '\u0000' + seq);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    @Override
    public synchronized void commit(String owner, List<DocBatch> batches) {
        Map<Integer, Long> expected = new HashMap<>();
        for (DocBatch b : batches) expected.put(b.shard(), b.epoch());
        Set<Integer> lost = fence.lost(owner, expected);
        if (!lost.isEmpty()) {
            throw new StoreException(StoreException.Kind.FENCED, owner + " no longer holds shards " + lost, null, lost);
        }
        for (DocBatch b : batches) {
            DocLog d = log(b.doc());
            if (d.head() != b.expectedHead()) {
                throw new StoreException(StoreException.Kind.CONFLICT, b.doc() + " is not at version " + b.expectedHead(), null);
            }
            for (CommittedOp op : b.ops()) {
                if (d.keys.containsKey(op.clientId() + '\u0000' + op.seq())) {
                    throw new StoreException(StoreException.Kind.CONFLICT, "(" + op.clientId() + ", " + op.seq() + ") exists", null);
                }
            }
        }
        for (DocBatch b : batches) apply(docs.computeIfAbsent(b.doc(), k -> new DocLog()), b);
    }

    @Override
    public synchronized Milestone milestoneAtOrBelow(String doc, long version) {
        Map.Entry<Long, String> m = log(doc).milestones.floorEntry(version);
        return m == null ? Milestone.EMPTY : new Milestone(m.getKey(), m.getValue());
    }

    @Override
    public synchronized long horizon(String doc) {
        return log(doc).horizon;
    }

    @Override
    public synchronized List<Compactable> compactable(Instant cutoff) {
        List<Compactable> out = new ArrayList<>();
        docs.forEach((id, d) -> {
            for (long m : d.milestones.descendingKeySet()) {
                if (m <= d.horizon) break;
                if (m <= d.head() && d.ops.get((int) (m - 1 - d.horizon)).time() < cutoff.toEpochMilli()) {
                    out.add(new Compactable(id, m));
                    break;
                }
            }
        });
        return out;
    }

    @Override
    public synchronized boolean compact(String owner, int shard, long epoch, String doc, long milestone) {
        Set<Integer> lost = fence.lost(owner, Map.of(shard, epoch));
        if (!lost.isEmpty()) {
            throw new StoreException(StoreException.Kind.FENCED, owner + " no longer holds shards " + lost, null, lost);
        }
        DocLog d = docs.get(doc);
        if (d == null || milestone <= d.horizon || !d.milestones.containsKey(milestone)) return false;
        List<CommittedOp> gone = d.ops.subList(0, (int) (milestone - d.horizon));
        for (CommittedOp op : gone) d.keys.remove(op.clientId() + '\u0000' + op.seq());
        gone.clear(); // d.last keeps every client's last seq, as compacted_seqs does
        d.milestones.headMap(milestone).clear();
        d.horizon = milestone;
        return true;
    }

    @Override
    public synchronized long compactedDocuments() {
        return docs.values().stream().filter(d -> d.horizon > 0).count();
    }

    private static void apply(DocLog d, DocBatch b) {
        for (CommittedOp op : b.ops()) {
            d.ops.add(op);
            d.keys.put(op.clientId() + '\u0000' + op.seq(), op.version());
            SeqAt prev = d.last.get(op.clientId());
            if (prev == null || prev.seq() < op.seq()) d.last.put(op.clientId(), new SeqAt(op.seq(), op.version()));
        }
        for (Milestone m : b.milestones()) d.milestones.put(m.version(), m.text());
    }
}
