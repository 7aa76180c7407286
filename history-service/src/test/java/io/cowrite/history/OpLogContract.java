package io.cowrite.history;

import static io.cowrite.history.Ops.append;
import static io.cowrite.history.Ops.newDoc;
import static io.cowrite.history.Ops.newOp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.bus.history.AppendResult;
import io.cowrite.bus.history.CommittedOp;
import io.cowrite.bus.history.HistoryError;
import io.cowrite.bus.history.LoadResult;
import io.cowrite.bus.history.NewOp;
import io.cowrite.bus.history.Outcome;
import io.cowrite.bus.history.RangeResult;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of every {@link OpLog}; run against {@link InMemoryOpLog} and {@link PostgresOpLog}.
 * Milestones every 4 versions and pages of 3 ops keep the cases small.
 */
abstract class OpLogContract {
    static final OpLogSettings SETTINGS = new OpLogSettings(4, 3);

    protected OpLog log;
    private String doc;

    protected abstract OpLog createLog(OpLogSettings settings);

    @BeforeEach
    void setUp() {
        log = createLog(SETTINGS);
        doc = newDoc();
    }

    private AppendResult.Appended appended(StoredAppend s) {
        return assertInstanceOf(AppendResult.Appended.class, s.result());
    }

    private void appendOne(long expected, String client, long seq, String text) {
        appended(log.append(append(doc, expected, newOp(client, seq, text))));
    }

    @Test
    void unknownDocumentIsEmpty() {
        assertEquals(0, log.head(doc));
        assertEquals(new LoadResult(doc, 0, "", List.of()), log.load(doc));
        assertEquals(new RangeResult(doc, List.of(), false, 0), log.range(doc, 0, 10));
    }

    @Test
    void appendsAtContiguousVersionsFromZero() {
        StoredAppend s = log.append(append(doc, 0, newOp("a", 1, "x"), newOp("a", 2, "y")));
        assertEquals(List.of(Outcome.committed(0), Outcome.committed(1)), appended(s).outcomes());
        assertEquals(List.of(0L, 1L), s.committed().stream().map(CommittedOp::version).toList());
        appendOne(2, "b", 1, "z");
        assertEquals(3, log.head(doc));
        RangeResult r = log.range(doc, 0, 3);
        assertEquals(List.of(0L, 1L, 2L), r.ops().stream().map(CommittedOp::version).toList());
        CommittedOp first = r.ops().get(0);
        assertEquals(s.committed().get(0), first);
        assertEquals("author-a", first.author());
    }

    @Test
    void staleExpectedVersionIsAConflictWithTheMissingOps() {
        appendOne(0, "a", 1, "1");
        appendOne(1, "a", 2, "2");
        StoredAppend s = log.append(append(doc, 0, newOp("b", 1, "late")));
        AppendResult.Conflict c = assertInstanceOf(AppendResult.Conflict.class, s.result());
        assertEquals(2, c.head());
        assertEquals(List.of(0L, 1L), c.missing().stream().map(CommittedOp::version).toList());
        assertFalse(c.more());
        assertTrue(s.committed().isEmpty());
        assertEquals(2, log.head(doc), "a conflict writes nothing");
    }

    @Test
    void conflictAnswerIsOnePageWithMoreFlag() {
        for (int i = 0; i < 5; i++) appendOne(i, "a", i, "x");
        AppendResult.Conflict c = assertInstanceOf(AppendResult.Conflict.class, log.append(append(doc, 1, newOp("b", 1, "y"))).result());
        assertEquals(List.of(1L, 2L, 3L), c.missing().stream().map(CommittedOp::version).toList());
        assertTrue(c.more());
    }

    @Test
    void expectedVersionPastTheHeadFails() {
        AppendResult.Failed f = assertInstanceOf(AppendResult.Failed.class, log.append(append(doc, 3, newOp("a", 1, "x"))).result());
        assertEquals(HistoryError.BAD_VERSION, f.code());
        assertEquals(0, log.head(doc));
    }

    @Test
    void aBatchWithADuplicateWritesNothingAndNamesTheOriginalVersion() {
        appendOne(0, "a", 1, "x");
        appendOne(1, "b", 1, "y");
        StoredAppend s = log.append(append(doc, 2, newOp("a", 1, "x"), newOp("a", 2, "z")));
        AppendResult.Duplicate d = assertInstanceOf(AppendResult.Duplicate.class, s.result());
        assertEquals(List.of(new AppendResult.DuplicateOf("a", 1, 0)), d.duplicates());
        assertEquals(0L, d.versionOf("a", 1));
        assertNull(d.versionOf("a", 2));
        assertTrue(s.committed().isEmpty());
        assertEquals(2, log.head(doc));
        // The caller retries without the duplicate; it commits.
        assertEquals(List.of(Outcome.committed(2)), appended(log.append(append(doc, 2, newOp("a", 2, "z")))).outcomes());
    }

    @Test
    void theSameSeqTwiceInOneBatchIsRefused() {
        StoredAppend s = log.append(append(doc, 0, newOp("a", 1, "x"), newOp("a", 1, "x"), newOp("a", 2, "y")));
        assertEquals(HistoryError.BAD_REQUEST, assertInstanceOf(AppendResult.Failed.class, s.result()).code());
        assertEquals(0, log.head(doc));
    }

    @Test
    void sameSeqFromAnotherClientIsNotADuplicate() {
        appendOne(0, "a", 1, "x");
        appendOne(1, "b", 1, "y");
        assertEquals(2, log.head(doc));
    }

    @Test
    void resendingAWholeCommittedBatchCommitsNothing() {
        NewOp[] batch = {newOp("a", 1, "x"), newOp("a", 2, "y")};
        log.append(append(doc, 0, batch));
        StoredAppend again = log.append(append(doc, 2, batch));
        assertEquals(List.of(new AppendResult.DuplicateOf("a", 1, 0), new AppendResult.DuplicateOf("a", 2, 1)),
                assertInstanceOf(AppendResult.Duplicate.class, again.result()).duplicates());
        assertTrue(again.committed().isEmpty());
        assertEquals(2, log.head(doc));
    }

    @Test
    void loadIsTheLatestMilestonePlusTheTail() throws Exception {
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            appendOne(i, "a", i, "" + i);
            expected.insert(0, i);
        }
        LoadResult load = log.load(doc);
        assertEquals(4, load.milestoneVersion());
        assertEquals("3210", load.milestoneText());
        assertEquals(List.of(4L, 5L), load.ops().stream().map(CommittedOp::version).toList());
        assertEquals(6, load.head());
        assertEquals(expected.toString(), Ops.text(load));
    }

    @Test
    void oneBatchCrossingTwoMilestonesStoresBoth() throws Exception {
        List<NewOp> ops = new ArrayList<>();
        for (int i = 0; i < 9; i++) ops.add(newOp("a", i, "" + i));
        appended(log.append(new io.cowrite.bus.history.AppendRequest(doc, 0, ops)));
        LoadResult load = log.load(doc);
        assertEquals(8, load.milestoneVersion());
        assertEquals("76543210", load.milestoneText());
        assertEquals("876543210", Ops.text(load));
    }

    @Test
    void anOpThatDoesNotApplyAtAMilestoneRollsTheBatchBack() throws Exception {
        for (int i = 0; i < 3; i++) appendOne(i, "a", i, "x");
        NewOp bad = new NewOp("a", 9, "a", TextOp.of(new Component.DeleteText("nope")));
        StoredAppend s = log.append(append(doc, 3, bad));
        assertEquals(HistoryError.INVALID_OP, assertInstanceOf(AppendResult.Failed.class, s.result()).code());
        assertEquals(3, log.head(doc));
        appendOne(3, "a", 3, "y");
        assertEquals(4, log.load(doc).milestoneVersion());
    }

    @Test
    void rangesArePagedAndClampedToTheHead() {
        for (int i = 0; i < 7; i++) appendOne(i, "a", i, "x");
        RangeResult first = log.range(doc, 0, 100);
        assertEquals(List.of(0L, 1L, 2L), first.ops().stream().map(CommittedOp::version).toList());
        assertTrue(first.more());
        assertEquals(7, first.head());
        RangeResult last = log.range(doc, 6, 100);
        assertEquals(List.of(6L), last.ops().stream().map(CommittedOp::version).toList());
        assertFalse(last.more());
        RangeResult exact = log.range(doc, 2, 5);
        assertEquals(List.of(2L, 3L, 4L), exact.ops().stream().map(CommittedOp::version).toList());
        assertFalse(exact.more());
        assertTrue(log.range(doc, 7, 10).ops().isEmpty());
        assertTrue(log.range(doc, 3, 3).ops().isEmpty());
    }

    @Test
    void concurrentAppendsToOneDocumentNeverLeaveGapsOrDuplicates() throws Exception {
        int threads = 4;
        int perThread = 15;
        ConcurrentAppenders.run(log, doc, threads, perThread);
        long head = log.head(doc);
        assertEquals(threads * perThread, head);
        List<CommittedOp> all = new ArrayList<>();
        while (all.size() < head) all.addAll(log.range(doc, all.size(), head).ops());
        Set<String> keys = new HashSet<>();
        for (int v = 0; v < all.size(); v++) {
            assertEquals(v, all.get(v).version());
            assertTrue(keys.add(all.get(v).clientId() + "/" + all.get(v).seq()), "duplicate at " + v);
        }
        assertEquals(head, Ops.text(log.load(doc)).length());
    }
}
