package io.cowrite.editor.doc;

import static io.cowrite.editor.doc.InProcessHistory.insert;
import static io.cowrite.editor.doc.InProcessHistory.join;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sequencer against the real history-service core over the in-process bus. Races are made
 * deterministic by holding appends at a gate ({@link HeldHistory}), never by sleeping.
 */
class SequencerTest {
    private InProcessHistory env;
    private History history;
    private HeldHistory held;
    private DocumentMetrics metrics;
    private DocumentRegistry node;

    @BeforeEach
    void start() {
        env = new InProcessHistory("seqtest");
        history = env.history;
        held = new HeldHistory(history);
        metrics = new DocumentMetrics();
        node = registry(held, metrics);
    }

    private DocumentRegistry registry(History h, DocumentMetrics m) {
        return env.node(h, m);
    }

    @AfterEach
    void stop() throws Exception {
        held.open();
        node.close();
        env.close();
    }

    private String storedText(String doc) throws Exception {
        return env.storedText(doc);
    }

    @Test
    void opsQueuedWhileAnAppendIsInFlightGoOutTogether() throws Exception {
        Document doc = node.open("group");
        RecordingParticipant first = join(doc, "p0");
        RecordingParticipant[] others = new RecordingParticipant[4];
        for (int i = 0; i < 4; i++) others[i] = join(doc, "p" + (i + 1));
        held.hold();
        doc.submit(first, 0, 1, insert(0, "a"));
        held.awaitArrivals(1); // the first append is in flight, held at the gate
        for (int i = 0; i < 4; i++) doc.submit(others[i], 0, 1, insert(0, String.valueOf((char) ('b' + i))));
        held.open();
        assertEquals("ack 1@0", first.nextOp());
        for (int v = 1; v <= 4; v++) assertEquals("remote p" + v + "/1@" + v, first.nextOp());
        for (int i = 0; i < 4; i++) assertEquals("ack 1@" + (i + 1), others[i].nextAck());
        assertEquals(2, held.appends.size(), "one append for the first op, one group commit for the four queued");
        assertEquals(4, held.appends.get(1).ops().size());
        // Each queued op was transformed (side left) against those committed before it.
        assertEquals("edcba", storedText("group"));
    }

    @Test
    void anAppendWhoseReplyWasLostIsAckedOnceAndAppliedOnce() throws Exception {
        Document doc = node.open("lost-reply");
        RecordingParticipant p = join(doc, "p");
        held.loseNextReply();
        doc.submit(p, 0, 1, insert(0, "x"));
        assertEquals("ack 1@0", p.nextOp());
        doc.submit(p, 1, 2, insert(1, "y"));
        assertEquals("ack 2@1", p.nextOp(), "no second ack of seq 1, and seq 2 lands right after it");
        assertEquals("xy", storedText("lost-reply"));
        assertEquals(1, metrics.appendFailures.sum());
    }

    @Test
    void aConflictWithAnotherNodeIsTransformedAndRetried() throws Exception {
        DocumentMetrics otherMetrics = new DocumentMetrics();
        try (DocumentRegistry otherNode = registry(history, otherMetrics)) {
            Document a = node.open("contended");
            Document b = otherNode.open("contended");
            RecordingParticipant pa = join(a, "pa");
            RecordingParticipant pb = join(b, "pb");
            held.hold();
            a.submit(pa, 0, 1, insert(0, "A"));
            held.awaitArrivals(1); // node A's append (expected version 0) waits at the gate
            b.submit(pb, 0, 1, insert(0, "B"));
            assertEquals("ack 1@0", pb.nextOp());
            held.open(); // A's append now meets a conflict carrying B's op
            assertEquals("remote pb/1@0", pa.nextOp());
            assertEquals("ack 1@1", pa.nextOp());
            assertEquals("remote pa/1@1", pb.nextOp());
            assertEquals(1, metrics.conflicts.sum());
            assertEquals("AB", storedText("contended"));
        }
    }

    @Test
    void aResendOfACommittedOpIsAckedWithItsOriginalVersion() throws Exception {
        Document doc = node.open("resent");
        RecordingParticipant p = join(doc, "p");
        doc.submit(p, 0, 1, insert(0, "once"));
        assertEquals("ack 1@0", p.nextOp());
        doc.submit(p, 0, 1, insert(0, "once"));
        assertEquals("ack 1@0", p.nextOp());
        assertEquals(1, held.appends.size());
        assertEquals("once", storedText("resent"));
    }

    @Test
    void aDocumentIsLoadedOnceWhenManySessionsJoinAtOnce() throws Exception {
        int sessions = 50;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<RecordingParticipant>> joins = new java.util.ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            String id = "s" + i;
            joins.add(env.executor.submit(() -> {
                start.await();
                Document doc = node.open("crowded");
                RecordingParticipant p = new RecordingParticipant(id);
                doc.join(p, null);
                return p;
            }));
        }
        start.countDown();
        for (var j : joins) assertEquals("snapshot", j.get(10, TimeUnit.SECONDS).nextOp().split(" ")[0]);
        assertEquals(1, held.loads.get(), "one load shared by every concurrent join");
    }

    @Test
    void aBaseFromTheFutureIsRefused() throws Exception {
        Document doc = node.open("future");
        RecordingParticipant p = join(doc, "p");
        doc.submit(p, 5, 1, insert(0, "x"));
        assertEquals("error 1 version_ahead", p.nextOp());
        assertEquals(0, held.appends.size());
    }
}
