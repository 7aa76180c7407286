package io.cowrite.editor.doc;

import static io.cowrite.editor.doc.InProcessHistory.insert;
import static io.cowrite.editor.doc.InProcessHistory.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.history.api.CommittedBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A batch on the commit feed that does not fit this node's version sequence is never applied as it
 * came: the node asks history-service for that range, and history's record replaces it. (Who may
 * publish on the feed at all is the bus's permissions' business; this is the node's own check.)
 */
class ForgedBatchTest {
    private InProcessHistory env;
    private DocumentRegistry node;
    private DocumentMetrics metrics;

    @BeforeEach
    void start() {
        env = new InProcessHistory();
        metrics = new DocumentMetrics();
        node = env.node(metrics);
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
        env.close();
    }

    private static CommittedBatch forged(String doc, long version, TextOp op) {
        return new CommittedBatch(doc, List.of(new CommittedOp(version, op, "mallory", 1, "Mallory", 0)));
    }

    private static List<String> drain(RecordingParticipant p) {
        List<String> events = new ArrayList<>();
        p.events.drainTo(events);
        return events;
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.onSpinWait();
        }
    }

    @Test
    void aBatchFromTheFutureIsCheckedWithHistoryAndDropped() throws Exception {
        Document doc = node.open("future");
        RecordingParticipant alice = join(doc, "alice");
        doc.submit(alice, 0, 1, insert(0, "a"));
        assertEquals("ack 1@0", alice.nextAck());

        long fills = metrics.gapsFilled.sum();
        env.hub.publish(forged("future", 1000, insert(0, "EVIL"))); // history's head is 1
        await(() -> metrics.gapsFilled.sum() > fills, "the node to ask history about version 1000");

        doc.submit(alice, 1, 2, insert(1, "b"));
        assertEquals("ack 2@1", alice.nextAck());
        RecordingParticipant bob = new RecordingParticipant("bob");
        doc.join(bob, null);
        assertEquals("snapshot 2 ab", bob.nextOp());
        assertEquals("ab", env.storedText("future"));
        assertFalse(drain(alice).stream().anyMatch(e -> e.contains("mallory")), "the forged op reached a client");
        // asked once (or twice, if alice's op raced the answer), not again and again
        assertTrue(metrics.gapsFilled.sum() - fills <= 2, "gap fills: " + (metrics.gapsFilled.sum() - fills));
    }

    @Test
    void theNextVersionFromTheFeedAfterAGapIsHistorysNotTheFeeds() throws Exception {
        Document doc = node.open("next");
        RecordingParticipant alice = join(doc, "alice");
        doc.submit(alice, 0, 1, insert(0, "a"));
        assertEquals("ack 1@0", alice.nextAck());

        // version 2 is forged while version 1 is not committed yet: once alice's version 1 arrives, the
        // forged op would be next in line
        long fills = metrics.gapsFilled.sum();
        env.hub.publish(forged("next", 2, insert(0, "EVIL")));
        await(() -> metrics.gapsFilled.sum() > fills, "the node to ask history about version 2");
        doc.submit(alice, 1, 2, insert(1, "b"));
        assertEquals("ack 2@1", alice.nextAck());
        doc.submit(alice, 2, 3, insert(2, "c"));
        assertEquals("ack 3@2", alice.nextAck());

        RecordingParticipant bob = new RecordingParticipant("bob");
        doc.join(bob, null);
        assertEquals("snapshot 3 abc", bob.nextOp());
        assertEquals("abc", env.storedText("next"));
        assertFalse(drain(alice).stream().anyMatch(e -> e.contains("mallory")), "the forged op reached a client");
    }

    @Test
    void aBatchAfterAGapIsReplacedByHistorysRecord() throws Exception {
        Document doc = node.open("gap");
        RecordingParticipant alice = join(doc, "alice");
        doc.submit(alice, 0, 1, insert(0, "a"));
        assertEquals("ack 1@0", alice.nextAck());
        doc.submit(alice, 1, 2, insert(1, "b"));
        assertEquals("ack 2@1", alice.nextAck());
        // A node that missed version 1 would see this "version 2"; this node is at 2 and ignores it. Forge 2
        // while the real version 2 is not committed yet: the node asks history for [2, 3), which has nothing.
        env.hub.publish(forged("gap", 3, insert(0, "EVIL")));
        env.hub.publish(forged("gap", 2, TextOp.of(new Component.Skip(50), new Component.Insert("x"))));
        await(() -> metrics.misfits.sum() == 1, "the misfit at version 2 to be noticed");

        doc.submit(alice, 2, 3, insert(2, "c"));
        assertEquals("ack 3@2", alice.nextAck());
        RecordingParticipant bob = new RecordingParticipant("bob");
        doc.join(bob, null);
        assertEquals("snapshot 3 abc", bob.nextOp());
        assertEquals("abc", env.storedText("gap"));
    }
}
