package io.cowrite.history.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.history.HistoryService;
import io.cowrite.history.InMemoryClusterSecrets;
import io.cowrite.history.MutableClock;
import io.cowrite.history.api.HistoryError;
import io.cowrite.history.api.HistoryException;
import io.cowrite.history.api.LocalCommitHub;
import io.cowrite.history.api.RangeRequest;
import io.cowrite.history.api.Submit;
import io.cowrite.history.api.SubmitResult;
import io.cowrite.history.owner.InMemoryLeases;
import io.cowrite.history.owner.OwnerNode;
import io.cowrite.history.owner.OwnerSettings;
import io.cowrite.history.store.InMemoryHistoryStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retention on an owner: what is older than the horizon goes below a milestone; a base below the horizon
 * is refused even while the owner still holds its ops in memory; a resend of an op compacted away is still
 * answered with its original version; reads of a compacted range say {@code compacted}.
 */
class RetentionTest {
    private static final int MILESTONE_EVERY = 4;
    private final MutableClock clock = new MutableClock();
    private final InMemoryLeases leases = new InMemoryLeases(clock);
    private final InMemoryHistoryStore store = new InMemoryHistoryStore(leases);
    private final OwnerNode node = new OwnerNode(store, leases, new LocalCommitHub(), new OwnerSettings("replica-a", 4,
            Duration.ofSeconds(3), Duration.ofHours(1), 1000, 1_000_000, MILESTONE_EVERY, 256, 10_000, 500,
            Duration.ofHours(1), Duration.ofSeconds(30)), clock).start();
    private final Retention retention = new Retention(store, node.sequencers(), "replica-a", Duration.ofMinutes(10),
            Duration.ofHours(1), clock);

    @AfterEach
    void close() throws Exception {
        node.close();
    }

    private SubmitResult submit(long base, String client, long seq, String text) throws Exception {
        TextOp op = TextOp.of(new Component.Insert(text));
        return node.sequencers().submit(new Submit("doc", base, client, seq, client, op)).get(10, TimeUnit.SECONDS);
    }

    private void minutes(int n) {
        clock.advance(Duration.ofMinutes(n));
        node.keeper().tick();
    }

    @Test
    void oldOpsGoBelowAMilestoneAndTheOwnerRefusesBasesBelowIt() throws Exception {
        java.util.Map<String, Long> seqs = new java.util.HashMap<>();
        for (int v = 0; v < 10; v++) {
            String client = v == 2 ? "lone" : "c" + (v % 2);
            assertEquals(new SubmitResult.Committed(v), submit(v, client, seqs.merge(client, 1L, Long::sum), "x" + v));
            minutes(2); // op v was committed at minute 2v
        }
        // now minute 20: the op before milestone 4 (minute 6) is older than 10 minutes, the one before 8 (minute 14) not
        assertEquals(1, retention.runOnce());
        assertEquals(4, store.horizon("doc"));
        assertEquals(0, retention.runOnce(), "nothing more to do");
        assertEquals(1, retention.status().compactedDocuments());
        // the owner still holds ops 0..9 in memory, yet a base below the horizon is not transformed any more
        SubmitResult old = submit(2, "late", 1, "late");
        assertEquals(ErrorCode.VERSION_TOO_OLD, assertInstanceOf(SubmitResult.Refused.class, old).code());
        // a client whose only op was compacted away resends it: answered with its original version, not applied again
        assertEquals(new SubmitResult.Committed(2), submit(0, "lone", 1, "x2"));
        assertEquals(new SubmitResult.Committed(10), submit(4, "late", 1, "on the horizon"));

        HistoryService reads = new HistoryService(store, new InMemoryClusterSecrets(), 100);
        HistoryException e = assertThrows(HistoryException.class, () -> reads.range(new RangeRequest("doc", 1, 11)));
        assertEquals(HistoryError.COMPACTED, e.code());
        assertEquals(7, reads.range(new RangeRequest("doc", 4, 11)).ops().size());
    }

    @Test
    void withoutAHorizonNothingIsCompacted() throws Exception {
        Retention keepAll = new Retention(store, node.sequencers(), "replica-a", null, Duration.ofHours(1), clock);
        for (int v = 0; v < 8; v++) submit(v, "c", v + 1, "x");
        minutes(60 * 24 * 365);
        assertEquals(0, keepAll.runOnce());
        assertEquals(0, store.horizon("doc"));
    }
}
