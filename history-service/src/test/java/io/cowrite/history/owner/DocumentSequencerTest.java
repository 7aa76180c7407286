package io.cowrite.history.owner;

import static io.cowrite.history.Ops.insert;
import static io.cowrite.history.owner.OwnerFixture.send;
import static io.cowrite.history.owner.OwnerFixture.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.history.Ops;
import io.cowrite.history.api.SubmitResult;
import io.cowrite.history.api.SubmitResult.Committed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The owner's write path on the real in-memory store: sequencing, transform, dedup, refusals, group
 * commit. Races are made deterministic by holding commits at a gate ({@link HeldStore}), never by sleeping.
 */
class DocumentSequencerTest {
    private final OwnerFixture env = new OwnerFixture();
    private final OwnerNode owner = env.replica("a");

    @AfterEach
    void stop() throws Exception {
        env.close();
    }

    private static SubmitResult get(CompletableFuture<SubmitResult> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private static SubmitResult.Refused refused(SubmitResult r) {
        return assertInstanceOf(SubmitResult.Refused.class, r);
    }

    @Test
    void opsCommitAtContiguousVersionsAndArePublished() throws Exception {
        String doc = Ops.newDoc();
        assertEquals(new Committed(0), submit(owner, doc, 0, "a", 1, insert(0, "x")));
        assertEquals(new Committed(1), submit(owner, doc, 1, "a", 2, insert(1, "y")));
        assertEquals(new Committed(2), submit(owner, doc, 2, "b", 1, insert(2, "z")));
        assertEquals("xyz", env.text(doc));
        assertEquals(List.of(0L, 1L, 2L), env.published.stream().map(b -> b.ops().get(0).version()).toList());
    }

    @Test
    void opsQueuedWhileABatchCommitsGoOutTogetherTransformed() throws Exception {
        String doc = Ops.newDoc();
        env.store.hold();
        CompletableFuture<SubmitResult> first = send(owner, doc, 0, "p0", 1, insert(0, "a"));
        env.store.awaitArrivals(1); // the first batch is in flight, held at the gate
        List<CompletableFuture<SubmitResult>> others = new ArrayList<>();
        for (int i = 1; i <= 4; i++) others.add(send(owner, doc, 0, "p" + i, 1, insert(0, String.valueOf((char) ('a' + i)))));
        env.store.open();
        assertEquals(new Committed(0), get(first));
        for (int i = 0; i < 4; i++) assertEquals(new Committed(i + 1), get(others.get(i)));
        assertEquals(2, env.store.commits.size(), "one commit for the first op, one group commit for the four queued");
        assertEquals(4, env.store.commits.get(1).get(0).ops().size());
        assertEquals("edcba", env.text(doc), "each queued op was transformed (side left) over those sequenced before it");
    }

    @Test
    void aResendOfACommittedOpIsAnsweredWithItsOriginalVersion() throws Exception {
        String doc = Ops.newDoc();
        assertEquals(new Committed(0), submit(owner, doc, 0, "a", 1, insert(0, "once")));
        assertEquals(new Committed(1), submit(owner, doc, 1, "b", 1, insert(0, "x")));
        assertEquals(new Committed(0), submit(owner, doc, 0, "a", 1, insert(0, "once")));
        assertEquals("xonce", env.text(doc));
    }

    @Test
    void aResendWhileTheOpIsPendingGetsTheSameAnswerAndCommitsOnce() throws Exception {
        String doc = Ops.newDoc();
        env.store.hold();
        CompletableFuture<SubmitResult> sent = send(owner, doc, 0, "a", 1, insert(0, "x"));
        env.store.awaitArrivals(1);
        CompletableFuture<SubmitResult> resent = send(owner, doc, 0, "a", 1, insert(0, "x"));
        env.store.open();
        assertEquals(new Committed(0), get(sent));
        assertEquals(new Committed(0), get(resent));
        assertEquals("x", env.text(doc));
    }

    @Test
    void aSeqBelowOneAlreadyCommittedIsStale() throws Exception {
        String doc = Ops.newDoc();
        submit(owner, doc, 0, "a", 5, insert(0, "x"));
        assertEquals(ErrorCode.STALE_SEQ, refused(submit(owner, doc, 1, "a", 3, insert(0, "y"))).code());
        assertEquals(new Committed(1), submit(owner, doc, 1, "a", 6, insert(0, "z")));
        assertEquals("zx", env.text(doc));
    }

    @Test
    void opsThatCanNeverCommitAreRefusedAndTheDocumentGoesOn() throws Exception {
        String doc = Ops.newDoc();
        submit(owner, doc, 0, "a", 1, insert(0, "abc"));
        assertEquals(ErrorCode.VERSION_AHEAD, refused(submit(owner, doc, 7, "a", 2, insert(0, "x"))).code());
        SubmitResult.Refused tooLong = refused(submit(owner, doc, 1, "a", 3, TextOp.of(new Component.Skip(9), new Component.Insert("x"))));
        assertEquals(ErrorCode.INVALID_OP, tooLong.code());
        assertEquals("op_too_long", tooLong.detail());
        assertEquals(ErrorCode.INVALID_OP, refused(submit(owner, doc, 1, "a", 4, insert(0, "a\u0000"))).code());
        assertEquals(new Committed(1), submit(owner, doc, 1, "a", 5, insert(3, "d")));
        assertEquals("abcd", env.text(doc));
    }

    @Test
    void aDocumentTooLargeOrABaseTooOldIsRefused() throws Exception {
        try (OwnerFixture tight = new OwnerFixture()) {
            OwnerNode o = tight.replica("t", 2, 5);
            String doc = Ops.newDoc();
            assertEquals(ErrorCode.DOC_TOO_LARGE, refused(submit(o, doc, 0, "a", 1, insert(0, "123456"))).code());
            for (int v = 0; v < 3; v++) assertEquals(new Committed(v), submit(o, doc, v, "a", v + 2, insert(0, "x")));
            assertEquals(ErrorCode.VERSION_TOO_OLD, refused(submit(o, doc, 0, "b", 1, insert(0, "y"))).code());
            assertEquals(new Committed(3), submit(o, doc, 1, "c", 1, insert(0, "y")));
        }
    }

    @Test
    void manyDocumentsCommitInOneTransaction() throws Exception {
        env.store.hold();
        CompletableFuture<SubmitResult> first = send(owner, "group-0", 0, "a", 1, insert(0, "x"));
        env.store.awaitArrivals(1);
        List<CompletableFuture<SubmitResult>> rest = new ArrayList<>();
        for (int d = 1; d <= 9; d++) rest.add(send(owner, "group-" + d, 0, "a", 1, insert(0, "x")));
        // each new document loads its head on the pool before it queues: wait until all nine queued
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (owner.queuedBatches() < 9) {
            if (System.nanoTime() > deadline) throw new AssertionError("only " + owner.queuedBatches() + " of 9 queued");
            Thread.onSpinWait();
        }
        env.store.open();
        assertEquals(new Committed(0), get(first));
        for (CompletableFuture<SubmitResult> f : rest) assertEquals(new Committed(0), get(f));
        assertEquals(2, env.store.commits.size());
        assertEquals(9, env.store.commits.get(1).size(), "nine documents, one transaction");
        assertEquals(2, owner.metrics().commits.sum());
    }
}
