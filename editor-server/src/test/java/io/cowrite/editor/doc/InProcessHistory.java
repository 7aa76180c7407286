package io.cowrite.editor.doc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.history.HistoryService;
import io.cowrite.history.InMemoryClusterSecrets;
import io.cowrite.history.LocalHistoryReader;
import io.cowrite.history.api.CommitFeed;
import io.cowrite.history.api.DocumentOwners;
import io.cowrite.history.api.HistoryReader;
import io.cowrite.history.api.LoadResult;
import io.cowrite.history.api.LocalCommitHub;
import io.cowrite.history.owner.InMemoryLeases;
import io.cowrite.history.owner.OwnerNode;
import io.cowrite.history.owner.OwnerSettings;
import io.cowrite.history.store.InMemoryHistoryStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The real history-service core in process (in-memory store and leases, one owner replica, the
 * in-process commit feed) for the document tests: editor "nodes" are {@link DocumentRegistry}s built
 * with {@link #node}, each with its own view of the feed (the real one, or one that loses batches).
 */
public final class InProcessHistory implements AutoCloseable {
    final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    final LocalCommitHub hub = new LocalCommitHub();
    final HistoryReader history;
    final DocumentOwners owners;
    private final OwnerNode owner;
    private final InMemoryHistoryStore store;
    /** The presence registry every node of this test shares (presence-service's, in process). */
    final io.cowrite.presence.PresenceRegistry presenceRegistry = new io.cowrite.presence.PresenceRegistry(Clock.systemUTC(),
            Duration.ofSeconds(10), new io.cowrite.presence.PresenceStats());
    final io.cowrite.editor.presence.LocalPresence.Hub presenceHub = new io.cowrite.editor.presence.LocalPresence.Hub(presenceRegistry);
    private int nodes;

    public InProcessHistory() {
        InMemoryLeases leases = new InMemoryLeases(Clock.systemUTC());
        store = new InMemoryHistoryStore(leases);
        owner = new OwnerNode(store, leases, hub, new OwnerSettings("owner", 4, Duration.ofSeconds(30),
                Duration.ofHours(1), 1000, 1_000_000, 10, 256, 10_000, 500, Duration.ofMillis(100),
                Duration.ofSeconds(30)), Clock.systemUTC()).start();
        owners = owner.sequencers()::submit;
        history = new LocalHistoryReader(new HistoryService(store, new InMemoryClusterSecrets(), 100), executor);
    }

    /** Runs retention once as if a day had passed with a one-hour horizon: every document is compacted. */
    int compactEverything() {
        java.time.InstantSource dayLater = java.time.InstantSource.fixed(java.time.Instant.now().plus(Duration.ofDays(1)));
        return new io.cowrite.history.retention.Retention(store, owner.sequencers(), "owner", Duration.ofHours(1),
                Duration.ofHours(1), dayLater).runOnce();
    }

    /** An editor node following {@code feed} (the hub, or a lossy view of it). */
    DocumentRegistry node(CommitFeed feed, DocumentMetrics metrics) {
        return node(feed, metrics, new io.cowrite.editor.presence.LocalPresence("node-" + nodes++, presenceHub));
    }

    /** An editor node with its own view of presence (e.g. one whose rosters come late). */
    DocumentRegistry node(CommitFeed feed, DocumentMetrics metrics, io.cowrite.editor.presence.Presence presence) {
        DocumentContext ctx = new DocumentContext(history, owners, DocumentSettings.defaults(), metrics,
                new ProtocolCodec(), executor, timers, presence);
        return new DocumentRegistry(feed, ctx);
    }

    /** A name for one more node's presence. */
    String nextNode() {
        return "node-" + nodes++;
    }

    public DocumentRegistry node(DocumentMetrics metrics) {
        return node(hub, metrics);
    }

    /** The document's text as history-service stores it (milestone plus ops). */
    String storedText(String doc) throws Exception {
        LoadResult r = history.load(doc).get(10, TimeUnit.SECONDS);
        String text = r.milestoneText();
        for (CommittedOp op : r.ops()) text = TextType.apply(text, op.op());
        return text;
    }

    static TextOp insert(int at, String s) throws OtException {
        return at == 0 ? TextOp.of(new Component.Insert(s)) : TextOp.of(new Component.Skip(at), new Component.Insert(s));
    }

    /** A fresh join that waits for its snapshot. */
    static RecordingParticipant join(Document doc, String clientId) throws InterruptedException {
        RecordingParticipant p = new RecordingParticipant(clientId);
        doc.join(p, null);
        assertEquals("snapshot", p.nextOp().split(" ")[0]);
        return p;
    }

    @Override
    public void close() throws Exception {
        owner.close();
        timers.shutdownNow();
        executor.shutdownNow();
    }
}
