package io.cowrite.editor.doc;

import static io.cowrite.editor.doc.InProcessHistory.insert;
import static io.cowrite.editor.doc.InProcessHistory.join;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client resuming from a version whose ops retention compacted away gets a resync snapshot, never an
 * error and never a partial replay; one resuming above the horizon still gets its catch-up.
 */
class CompactedResumeTest {
    private InProcessHistory env;
    private DocumentRegistry writer;
    private DocumentRegistry later;

    @BeforeEach
    void start() {
        env = new InProcessHistory();
        writer = env.node(new DocumentMetrics());
        later = env.node(new DocumentMetrics());
    }

    @AfterEach
    void stop() throws Exception {
        writer.close();
        later.close();
        env.close();
    }

    @Test
    void aResumeBehindTheHorizonIsAResyncAndOneAboveItACatchup() throws Exception {
        Document d = writer.open("kept");
        RecordingParticipant author = join(d, "author");
        for (int v = 0; v < 25; v++) {
            d.submit(author, v, v + 1, insert(v, "x"));
            assertEquals("ack " + (v + 1) + "@" + v, author.nextAck());
        }
        assertEquals(1, env.compactEverything()); // milestones every 10: ops below 20 are gone
        // a node that loads the document now holds ops 20..24 (from the latest milestone); older ones are asked of history
        Document fresh = later.open("kept");
        RecordingParticipant behind = new RecordingParticipant("behind");
        fresh.join(behind, 5L);
        assertEquals("resync 25 " + "x".repeat(25), behind.nextOp());
        RecordingParticipant above = new RecordingParticipant("above");
        fresh.join(above, 21L);
        assertEquals("catchup 21..25", above.nextOp());
    }

    /**
     * A node that heard no batch while the document moved past the horizon (its gap fill is answered
     * {@code compacted}) reloads the document and gives its people a resync, instead of retrying forever.
     */
    @Test
    void aNodeLeftBehindTheHorizonReloadsAndResyncsItsPeople() throws Exception {
        Muffled feed = new Muffled(env.hub);
        DocumentMetrics m = new DocumentMetrics();
        DocumentRegistry muffled = env.node(feed, m);
        try {
            Document d = writer.open("left");
            Document onMuffled = muffled.open("left");
            RecordingParticipant author = join(d, "author");
            RecordingParticipant watcher = join(onMuffled, "watcher");
            for (int v = 0; v < 25; v++) {
                d.submit(author, v, v + 1, insert(v, "x"));
                assertEquals("ack " + (v + 1) + "@" + v, author.nextAck());
            }
            assertEquals(1, env.compactEverything());
            feed.hearHeads = true; // from now on the node learns how far behind it is
            d.submit(author, 25, 26, insert(25, "y"));
            assertEquals("ack 26@25", author.nextAck());
            assertEquals("resync 26 " + "x".repeat(25) + "y", watcher.nextOp());
            d.submit(author, 26, 27, insert(26, "z"));
            assertEquals("ack 27@26", author.nextAck());
            feed.hearBatches = true;
            d.submit(author, 27, 28, insert(27, "!"));
            assertEquals("ack 28@27", author.nextAck());
            // live again: the next ops reach it (through a gap fill above the horizon, then the feed)
            String next = watcher.nextOp();
            while (!next.startsWith("remote author/28")) next = watcher.nextOp();
            assertEquals(1, m.reloads.sum(), "one reload");
        } finally {
            muffled.close();
        }
    }

    /** A feed that passes nothing until told: batches and heartbeats separately. */
    private static final class Muffled implements io.cowrite.history.api.CommitFeed {
        private final io.cowrite.history.api.CommitFeed real;
        volatile boolean hearHeads;
        volatile boolean hearBatches;

        Muffled(io.cowrite.history.api.CommitFeed real) {
            this.real = real;
        }

        @Override
        public AutoCloseable follow(String doc, java.util.function.Consumer<io.cowrite.history.api.CommittedBatch> listener) {
            return real.follow(doc, b -> {
                if (hearBatches) listener.accept(b);
            });
        }

        @Override
        public AutoCloseable heads(java.util.function.Consumer<io.cowrite.history.api.Heads> listener) {
            return real.heads(h -> {
                if (hearHeads) listener.accept(h);
            });
        }

        @Override
        public void onReconnect(Runnable listener) {
            real.onReconnect(listener);
        }
    }
}
