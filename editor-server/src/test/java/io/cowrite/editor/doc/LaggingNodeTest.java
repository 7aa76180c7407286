package io.cowrite.editor.doc;

import static io.cowrite.editor.doc.InProcessHistory.insert;
import static io.cowrite.editor.doc.InProcessHistory.join;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No sticky sessions: a client may resume on a node whose copy of the document lags behind what
 * the client saw on its previous node (ops in flight on the bus, or dropped there). That node must
 * catch up from history-service, not answer {@code version_ahead} (which makes a client discard its
 * pending edits). Node B's commit feed here loses every batch, so it lags deterministically: it learns
 * of commits only from the owner's answers and from history-service.
 */
class LaggingNodeTest {
    private InProcessHistory env;
    private DocumentRegistry nodeA;
    private DocumentRegistry nodeB;

    @BeforeEach
    void start() {
        env = new InProcessHistory();
        nodeA = env.node(new DocumentMetrics());
        nodeB = env.node(LossyFeed.deaf(env.hub), new DocumentMetrics());
    }

    @AfterEach
    void stop() throws Exception {
        nodeA.close();
        nodeB.close();
        env.close();
    }

    private String storedText(String doc) throws Exception {
        return env.storedText(doc);
    }

    @Test
    void aClientResumingOnALaggingNodeIsCaughtUpThere() throws Exception {
        Document a = nodeA.open("failover");
        Document b = nodeB.open("failover");
        RecordingParticipant onA = join(a, "mover");
        join(b, "stayer"); // node B has the document open, at version 0
        a.submit(onA, 0, 1, insert(0, "x"));
        assertEquals("ack 1@0", onA.nextOp());

        RecordingParticipant onB = new RecordingParticipant("mover"); // node A is gone; resume on B from version 1
        b.join(onB, 1L);
        assertEquals("catchup 1..1", onB.nextOp());
        b.submit(onB, 1, 2, insert(1, "y"));
        assertEquals("ack 2@1", onB.nextAck());
        assertEquals("xy", storedText("failover"));
    }

    @Test
    void anOpBasedOnAVersionTheNodeHasNotAppliedYetCommits() throws Exception {
        Document a = nodeA.open("ahead");
        Document b = nodeB.open("ahead");
        RecordingParticipant onA = join(a, "writer");
        RecordingParticipant onB = join(b, "other");
        a.submit(onA, 0, 1, insert(0, "x"));
        assertEquals("ack 1@0", onA.nextOp());
        b.submit(onB, 1, 1, insert(1, "y")); // "other" saw version 1 (on a node that had it)
        assertEquals("ack 1@1", onB.nextAck());
        assertEquals("xy", storedText("ahead"));
    }

    /**
     * Authors on a node whose feed lost their batches are still acked, in version order: the owner's
     * answer says the op committed, and the node fetches what the feed did not bring.
     */
    @Test
    void authorsAreAckedWhenTheFeedLosesTheirBatches() throws Exception {
        Document b = nodeB.open("queued"); // node B's feed loses every batch, its own authors' included
        RecordingParticipant first = join(b, "first");
        RecordingParticipant second = join(b, "second");
        b.submit(first, 0, 1, insert(0, "x"));
        b.submit(second, 0, 1, insert(0, "y")); // queued behind the first append
        assertEquals("ack 1@0", first.nextAck());
        assertEquals("ack 1@1", second.nextAck());
        assertEquals("yx", storedText("queued"));
    }

    @Test
    void aVersionAheadOfHistoryItselfIsStillRefused() throws Exception {
        Document b = nodeB.open("really-ahead");
        join(b, "stayer");
        RecordingParticipant liar = new RecordingParticipant("liar");
        b.join(liar, 5L);
        assertEquals("error null version_ahead", liar.nextOp());
    }
}
