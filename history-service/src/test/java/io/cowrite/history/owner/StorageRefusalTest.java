package io.cowrite.history.owner;

import static io.cowrite.history.Ops.insert;
import static io.cowrite.history.owner.OwnerFixture.send;
import static io.cowrite.history.owner.OwnerFixture.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.history.api.SubmitResult;
import io.cowrite.history.api.SubmitResult.Committed;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8.1: an op that storage can never take is rejected to its author, alone, and the document goes
 * on. Before, a permanent failure was retried forever and froze the document for everyone.
 */
class StorageRefusalTest {
    private final OwnerFixture env = new OwnerFixture(RefusingStore::new);
    private final OwnerNode owner = env.replica("a");

    @AfterEach
    void stop() throws Exception {
        env.close();
    }

    private static ErrorCode code(SubmitResult r) {
        return assertInstanceOf(SubmitResult.Refused.class, r).code();
    }

    @Test
    void aLoneRefusedOpIsRejectedAndTheDocumentGoesOn() throws Exception {
        assertEquals(ErrorCode.STORAGE_REJECTED, code(submit(owner, "alone", 0, "p", 1, insert(0, "poison"))));
        assertEquals(new Committed(0), submit(owner, "alone", 0, "p", 2, insert(0, "fine")));
        assertEquals("fine", env.text("alone"));
    }

    /** A refused batch does not say which op is to blame: its ops are resent and committed one by one. */
    @Test
    void aRefusedBatchIsSplitSoOnlyTheBadOpIsRejected() throws Exception {
        env.store.hold();
        CompletableFuture<SubmitResult> first = send(owner, "batch", 0, "first", 1, insert(0, "a"));
        env.store.awaitArrivals(1); // in flight: the next three queue into one batch
        CompletableFuture<SubmitResult> good1 = send(owner, "batch", 0, "good1", 1, insert(0, "b"));
        CompletableFuture<SubmitResult> bad = send(owner, "batch", 0, "bad", 1, insert(0, "poison"));
        CompletableFuture<SubmitResult> good2 = send(owner, "batch", 0, "good2", 1, insert(0, "c"));
        env.store.open();
        assertEquals(new Committed(0), first.get(10, TimeUnit.SECONDS));
        for (CompletableFuture<SubmitResult> f : java.util.List.of(good1, bad, good2)) {
            assertEquals(ErrorCode.UNAVAILABLE, code(f.get(10, TimeUnit.SECONDS)), "not committed: resend");
        }
        // The authors resend (same seq, same base); each op now goes alone.
        assertEquals(new Committed(1), submit(owner, "batch", 0, "good1", 1, insert(0, "b")));
        assertEquals(ErrorCode.STORAGE_REJECTED, code(submit(owner, "batch", 0, "bad", 1, insert(0, "poison"))));
        assertEquals(new Committed(2), submit(owner, "batch", 0, "good2", 1, insert(0, "c")));
        assertEquals("cba", env.text("batch"));
    }
}
