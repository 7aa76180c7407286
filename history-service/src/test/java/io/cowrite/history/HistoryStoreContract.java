package io.cowrite.history;

import static io.cowrite.history.Ops.committed;
import static io.cowrite.history.Ops.newDoc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.history.api.LoadResult;
import io.cowrite.history.api.RangeResult;
import io.cowrite.history.owner.Leases;
import io.cowrite.history.store.DocBatch;
import io.cowrite.history.store.HistoryStore;
import io.cowrite.history.store.Milestone;
import io.cowrite.history.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of every {@link HistoryStore}, run against the in-memory one and the PostgreSQL one:
 * fenced, compare-and-set, all-or-nothing group commits, and the reads owners and editors use.
 */
public abstract class HistoryStoreContract {
    protected static final String OWNER = "replica-a";
    protected HistoryStore store;
    protected Leases leases;
    private static final java.util.concurrent.atomic.AtomicInteger SHARDS = new java.util.concurrent.atomic.AtomicInteger();
    private long epoch;
    private int shard;
    private String doc;

    /** A store and the leases its commits are fenced by. */
    protected abstract HistoryStore createStore();

    protected abstract Leases leases();

    @BeforeEach
    void setUp() {
        store = createStore();
        leases = leases();
        shard = SHARDS.incrementAndGet(); // a shard of its own per test: tests share one lease table
        epoch = leases.acquire(shard, OWNER, Duration.ofMinutes(5)).orElseThrow();
        doc = newDoc();
    }

    protected DocBatch batch(String d, long expectedHead, List<CommittedOp> ops, List<Milestone> milestones) {
        return new DocBatch(d, shard, epoch, expectedHead, ops, milestones);
    }

    private void commit(long head, CommittedOp... ops) {
        store.commit(OWNER, List.of(batch(doc, head, List.of(ops), List.of())));
    }

    @Test
    void anUnknownDocumentIsEmpty() {
        assertEquals(new LoadResult(doc, 0, "", List.of()), store.load(doc));
        assertEquals(new RangeResult(doc, List.of(), false, 0), store.range(doc, 0, 10, 3));
        assertEquals(Map.of(), store.heads(List.of(doc)));
        assertNull(store.lastSeq(doc, "a"));
    }

    @Test
    void commitsAreReadBackAtContiguousVersions() {
        commit(0, committed(0, "a", 1, "x"), committed(1, "b", 1, "y"));
        commit(2, committed(2, "a", 2, "z"));
        assertEquals(3, store.load(doc).head());
        assertEquals("zyx", Ops.text(store.load(doc)));
        RangeResult page = store.range(doc, 0, 3, 2);
        assertEquals(List.of(0L, 1L), page.ops().stream().map(CommittedOp::version).toList());
        assertTrue(page.more());
        assertEquals(committed(1, "b", 1, "y"), page.ops().get(1));
        assertEquals(Map.of(doc, 3L), store.heads(List.of(doc, newDoc())));
        assertEquals(new HistoryStore.SeqAt(2, 2), store.lastSeq(doc, "a"));
        assertEquals(OptionalLong.of(0), store.versionOf(doc, "a", 1));
        assertEquals(OptionalLong.empty(), store.versionOf(doc, "a", 3));
    }

    @Test
    void aHeadThatMovedIsAConflictAndNothingIsWritten() {
        commit(0, committed(0, "a", 1, "x"));
        StoreException e = assertThrows(StoreException.class, () -> commit(0, committed(0, "b", 1, "late")));
        assertEquals(StoreException.Kind.CONFLICT, e.kind());
        assertEquals(1, store.load(doc).head());
    }

    @Test
    void aGroupCommitIsAllOrNothingAcrossDocuments() {
        String other = newDoc();
        commit(0, committed(0, "a", 1, "x"));
        StoreException e = assertThrows(StoreException.class, () -> store.commit(OWNER, List.of(
                batch(other, 0, List.of(committed(0, "c", 1, "fine")), List.of()),
                batch(doc, 0, List.of(committed(0, "b", 1, "stale")), List.of()))));
        assertEquals(StoreException.Kind.CONFLICT, e.kind());
        assertEquals(0, store.load(other).head(), "the other document's batch was rolled back too");
        store.commit(OWNER, List.of(batch(other, 0, List.of(committed(0, "c", 1, "fine")), List.of()),
                batch(doc, 1, List.of(committed(1, "b", 1, "ok")), List.of())));
        assertEquals(Map.of(doc, 2L, other, 1L), store.heads(List.of(doc, other)));
    }

    @Test
    void aReplicaWithoutTheLeaseCommitsNothing() {
        StoreException e = assertThrows(StoreException.class, () -> store.commit("replica-b",
                List.of(batch(doc, 0, List.of(committed(0, "a", 1, "x")), List.of()))));
        assertEquals(StoreException.Kind.FENCED, e.kind());
        assertEquals(Set.of(shard), e.shards());
        leases.release(shard, OWNER, epoch);
        long newEpoch = leases.acquire(shard, "replica-b", Duration.ofMinutes(5)).orElseThrow();
        assertTrue(newEpoch > epoch);
        StoreException stale = assertThrows(StoreException.class, () -> commit(0, committed(0, "a", 1, "x")));
        assertEquals(StoreException.Kind.FENCED, stale.kind(), "the old epoch is fenced off");
        assertEquals(0, store.load(doc).head());
    }

    @Test
    void aClientSeqCommittedTwiceIsAConflict() {
        commit(0, committed(0, "a", 1, "x"));
        StoreException e = assertThrows(StoreException.class, () -> commit(1, committed(1, "a", 1, "again")));
        assertEquals(StoreException.Kind.CONFLICT, e.kind());
    }

    @Test
    void aLoadIsTheLatestMilestonePlusTheTail() {
        commit(0, committed(0, "a", 1, "a"), committed(1, "a", 2, "b"));
        store.commit(OWNER, List.of(batch(doc, 2, List.of(committed(2, "a", 3, "c")), List.of(new Milestone(3, "cba")))));
        commit(3, committed(3, "a", 4, "d"));
        LoadResult load = store.load(doc);
        assertEquals(3, load.milestoneVersion());
        assertEquals("cba", load.milestoneText());
        assertEquals(1, load.ops().size());
        assertEquals("dcba", Ops.text(load));
    }

    /** Ops committed at versions 0..4 by clients a, b, c, with milestones at 2 and 4 ({@link Ops#committed} times). */
    private void fiveOpsWithMilestones() {
        store.commit(OWNER, List.of(batch(doc, 0, List.of(committed(0, "a", 1, "a"), committed(1, "b", 1, "b")),
                List.of(new Milestone(2, "ba")))));
        store.commit(OWNER, List.of(batch(doc, 2, List.of(committed(2, "a", 2, "c"), committed(3, "c", 1, "d")),
                List.of(new Milestone(4, "dcba")))));
        commit(4, committed(4, "a", 3, "e"));
    }

    private List<HistoryStore.Compactable> compactable(long cutoffVersion) {
        Instant cutoff = Instant.ofEpochMilli(1_700_000_000_000L + cutoffVersion);
        return store.compactable(cutoff).stream().filter(c -> c.doc().equals(doc)).toList();
    }

    @Test
    void retentionCompactsBelowTheHighestMilestoneWhoseOpsAreAllOld() {
        fiveOpsWithMilestones();
        assertEquals(0, store.horizon(doc));
        assertEquals(List.of(), compactable(1), "op 1 (before milestone 2) is not older than the cutoff");
        assertEquals(List.of(new HistoryStore.Compactable(doc, 2)), compactable(2));
        assertEquals(List.of(new HistoryStore.Compactable(doc, 4)), compactable(4));
        assertEquals(List.of(new HistoryStore.Compactable(doc, 4)), compactable(1000), "never above the last milestone");
    }

    @Test
    void aCompactionKeepsTheMilestoneTheTextAndEveryClientsLastSeq() {
        fiveOpsWithMilestones();
        long before = store.compactedDocuments();
        assertTrue(store.compact(OWNER, shard, epoch, doc, 4));
        assertEquals(4, store.horizon(doc));
        assertEquals(before + 1, store.compactedDocuments());
        assertEquals("edcba", Ops.text(store.load(doc)));
        assertEquals(new Milestone(4, "dcba"), store.milestoneAtOrBelow(doc, 4));
        assertEquals(Milestone.EMPTY, store.milestoneAtOrBelow(doc, 3), "the milestones below went with the ops");
        RangeResult all = store.range(doc, 0, 5, 10);
        assertEquals(List.of(4L), all.ops().stream().map(CommittedOp::version).toList(), "only the ops from the horizon remain");
        assertEquals(new HistoryStore.SeqAt(1, 1), store.lastSeq(doc, "b"), "b's only op is gone, its seq is kept");
        assertEquals(new HistoryStore.SeqAt(1, 3), store.lastSeq(doc, "c"));
        assertEquals(new HistoryStore.SeqAt(3, 4), store.lastSeq(doc, "a"));
        assertFalse(store.compact(OWNER, shard, epoch, doc, 4), "idempotent");
        assertFalse(store.compact(OWNER, shard, epoch, doc, 2), "never below the horizon");
        assertEquals(List.of(), compactable(1000));
        commit(5, committed(5, "b", 2, "f"));
        assertEquals("fedcba", Ops.text(store.load(doc)), "commits go on after a compaction");
        assertEquals(new HistoryStore.SeqAt(2, 5), store.lastSeq(doc, "b"));
    }

    @Test
    void aCompactionNeedsAStoredMilestoneAndTheLease() {
        fiveOpsWithMilestones();
        assertFalse(store.compact(OWNER, shard, epoch, doc, 3), "no milestone at 3");
        StoreException e = assertThrows(StoreException.class, () -> store.compact("replica-b", shard, epoch, doc, 4));
        assertEquals(StoreException.Kind.FENCED, e.kind());
        assertEquals(0, store.horizon(doc));
        assertEquals(5, store.range(doc, 0, 5, 10).ops().size(), "nothing was deleted");
    }
}
