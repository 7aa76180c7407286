package io.cowrite.editor.doc;

import static io.cowrite.editor.doc.InProcessHistory.insert;
import static io.cowrite.editor.doc.InProcessHistory.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery on an editor node: every participant gets every version once, in order, whatever the feed
 * loses; the last batch of a burst, which no later batch reveals, is recovered from the owner's head
 * heartbeats; and a committed op is encoded once for all its recipients.
 */
class DeliveryTest {
    private final InProcessHistory env = new InProcessHistory();
    private final List<DocumentRegistry> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(DocumentRegistry::close);
        env.close();
    }

    private DocumentRegistry node(io.cowrite.history.api.CommitFeed feed, DocumentMetrics m) {
        DocumentRegistry n = env.node(feed, m);
        nodes.add(n);
        return n;
    }

    /** The events a watcher got, as versions of ops (its own acks count as their versions). */
    private static List<Long> versions(RecordingParticipant p, int n) throws InterruptedException {
        List<Long> out = new ArrayList<>();
        while (out.size() < n) {
            String e = p.next();
            if (e.startsWith("remote ") || e.startsWith("ack ")) out.add(Long.parseLong(e.substring(e.indexOf('@') + 1)));
        }
        return out;
    }

    @Test
    void everyVersionOnceAndInOrderWhateverTheFeedLoses() throws Exception {
        long seed = new Random().nextLong();
        DocumentRegistry writerNode = node(env.hub, new DocumentMetrics());
        DocumentRegistry lossyNode = node(LossyFeed.random(env.hub, 0.3, seed), new DocumentMetrics());
        Document w = writerNode.open("lossy");
        Document l = lossyNode.open("lossy");
        RecordingParticipant writer = join(w, "writer");
        RecordingParticipant watcher = join(l, "watcher");
        for (int i = 0; i < 40; i++) {
            w.submit(writer, i, i + 1, insert(0, "x"));
            assertEquals("ack " + (i + 1) + "@" + i, writer.nextAck(), "seed " + seed);
        }
        List<Long> expected = new ArrayList<>();
        for (long v = 0; v < 40; v++) expected.add(v);
        assertEquals(expected, versions(watcher, 40), "seed " + seed);
    }

    @Test
    void theLastBatchOfABurstIsRecoveredFromTheHeads() throws Exception {
        DocumentMetrics m = new DocumentMetrics();
        DocumentRegistry writerNode = node(env.hub, new DocumentMetrics());
        DocumentRegistry deafNode = node(LossyFeed.deaf(env.hub), m); // gets heartbeats, never a batch
        Document w = writerNode.open("burst");
        Document d = deafNode.open("burst");
        RecordingParticipant writer = join(w, "writer");
        RecordingParticipant watcher = join(d, "watcher");
        w.submit(writer, 0, 1, insert(0, "last"));
        assertEquals("ack 1@0", writer.nextAck());
        assertEquals(List.of(0L), versions(watcher, 1));
        assertTrue(m.headDrift.sum() >= 1, "the heartbeat showed the node behind");
    }

    @Test
    void aCommittedOpIsEncodedOnceForAllItsRecipients() throws Exception {
        DocumentMetrics m = new DocumentMetrics();
        Document doc = node(env.hub, m).open("crowd");
        RecordingParticipant author = join(doc, "author");
        List<RecordingParticipant> readers = new ArrayList<>();
        for (int i = 0; i < 20; i++) readers.add(join(doc, "reader" + i));
        RecordingParticipant last = readers.get(19);
        // the last join's peer_joined is encoded after the joiner's own list: once the author has it, count from here
        while (!("presence+ " + last.sessionId()).equals(author.next())) { }
        long encodedBefore = m.encodedFrames.sum();
        doc.submit(author, 0, 1, insert(0, "hello"));
        assertEquals("ack 1@0", author.nextAck());
        for (RecordingParticipant r : readers) assertEquals(List.of(0L), versions(r, 1));
        assertEquals(1, m.encodedFrames.sum() - encodedBefore, "one encoding, twenty recipients");
    }
}
