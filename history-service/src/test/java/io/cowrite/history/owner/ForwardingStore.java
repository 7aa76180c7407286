package io.cowrite.history.owner;

import io.cowrite.history.api.LoadResult;
import io.cowrite.history.api.RangeResult;
import io.cowrite.history.store.DocBatch;
import io.cowrite.history.store.HistoryStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** A real store that a test wraps to change one thing: every call goes to {@code real} unless overridden. */
abstract class ForwardingStore implements HistoryStore {
    protected final HistoryStore real;

    ForwardingStore(HistoryStore real) {
        this.real = real;
    }

    @Override
    public void commit(String owner, List<DocBatch> batches) {
        real.commit(owner, batches);
    }

    @Override
    public LoadResult load(String doc) {
        return real.load(doc);
    }

    @Override
    public RangeResult range(String doc, long from, long toExclusive, int limit) {
        return real.range(doc, from, toExclusive, limit);
    }

    @Override
    public Map<String, Long> heads(Collection<String> docs) {
        return real.heads(docs);
    }

    @Override
    public SeqAt lastSeq(String doc, String clientId) {
        return real.lastSeq(doc, clientId);
    }

    @Override
    public OptionalLong versionOf(String doc, String clientId, long seq) {
        return real.versionOf(doc, clientId, seq);
    }

    @Override
    public io.cowrite.history.store.Milestone milestoneAtOrBelow(String doc, long version) {
        return real.milestoneAtOrBelow(doc, version);
    }

    @Override
    public long horizon(String doc) {
        return real.horizon(doc);
    }

    @Override
    public List<Compactable> compactable(java.time.Instant cutoff) {
        return real.compactable(cutoff);
    }

    @Override
    public boolean compact(String owner, int shard, long epoch, String doc, long milestone) {
        return real.compact(owner, shard, epoch, doc, milestone);
    }

    @Override
    public long compactedDocuments() {
        return real.compactedDocuments();
    }
}
