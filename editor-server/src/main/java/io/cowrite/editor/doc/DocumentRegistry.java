package io.cowrite.editor.doc;

import io.cowrite.history.api.CommitFeed;
import io.cowrite.history.api.Heads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The documents open on this node. A document is loaded once however many sessions join at the same
 * moment (they share the in-flight load), and follows the commit feed BEFORE its state is read, so no
 * committed op can fall between the read and the subscription: batches that arrive during the load are
 * stashed and reconciled by version. The owners' head heartbeats are routed to the open documents; after
 * the feed reconnects, the heads of every open document are read in one request. Idle documents are
 * closed as their last session leaves (and by a periodic sweep). Thread-safe: the map is guarded by
 * {@code this}, and nothing under that lock waits on the network.
 */
public final class DocumentRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentRegistry.class);

    private final CommitFeed feed;
    private final DocumentContext ctx;
    private final Map<String, Entry> docs = new HashMap<>();
    private final AutoCloseable headsSubscription;

    private static final class Entry {
        final Document doc;
        final AutoCloseable following;
        final CompletableFuture<Document> loading;
        int refs;

        Entry(Document doc, AutoCloseable following, CompletableFuture<Document> loading) {
            this.doc = doc;
            this.following = following;
            this.loading = loading;
        }
    }

    public DocumentRegistry(CommitFeed feed, DocumentContext ctx) {
        this.feed = feed;
        this.ctx = ctx;
        ctx.timers().scheduleWithFixedDelay(this::sweep, 10, 10, TimeUnit.SECONDS);
        this.headsSubscription = feed.heads(this::onHeads);
        ctx.presence().onAvailability(available -> {
            List<Document> open;
            synchronized (this) {
                open = docs.values().stream().map(e -> e.doc).toList();
            }
            open.forEach(d -> d.presenceAvailability(available));
        });
        // Whatever was published while the feed was away is lost (core NATS): check every open document.
        feed.onReconnect(() -> {
            LOG.info("commit feed reconnected: reading the head of every open document");
            checkHeads();
        });
    }

    private void onHeads(Heads heads) {
        heads.heads().forEach((id, head) -> {
            Entry e;
            synchronized (this) {
                e = docs.get(id);
            }
            if (e != null && e.loading.isDone()) e.doc.onHead(head);
        });
    }

    /** Reads the heads of every open document in one request and lets each catch up. */
    public void checkHeads() {
        List<String> ids;
        synchronized (this) {
            ids = new ArrayList<>(docs.keySet());
        }
        if (ids.isEmpty()) return;
        ctx.history().heads(ids).whenComplete((heads, err) -> {
            if (err != null) {
                LOG.warn("reading heads failed: {}", err.toString());
                return;
            }
            heads.forEach((id, head) -> onHeads(new Heads(0, Map.of(id, head))));
        });
    }

    /**
     * Opens (loading once) and references the document; pair each call with {@link #release}. The
     * document is returned at once; it defers requests until loaded ({@link Document#loaded()}).
     */
    public synchronized Document open(String id) {
        Entry e = docs.get(id);
        if (e == null) {
            Document doc = new Document(id, ctx);
            AutoCloseable following = feed.follow(id, batch -> doc.deliver(batch.ops()));
            Entry created = new Entry(doc, following, doc.load());
            created.loading.whenComplete((d, err) -> {
                if (err != null) forget(id, created, err);
            });
            docs.put(id, created);
            e = created;
        }
        e.refs++;
        return e.doc;
    }

    private synchronized void forget(String id, Entry e, Throwable err) {
        LOG.warn("loading {} failed: {}", id, err.toString());
        if (docs.get(id) == e) docs.remove(id);
        close(e);
    }

    /** Drops one reference taken by {@link #open}. */
    public void release(String id) {
        Entry e;
        synchronized (this) {
            e = docs.get(id);
            if (e == null || e.refs == 0 || --e.refs > 0) return;
        }
        if (e.loading.isDone()) closeIfIdle(id, e); // the last session left: stop following now
    }

    /** Number of documents open on this node. */
    public synchronized int size() {
        return docs.size();
    }

    private void sweep() {
        Map<String, Entry> candidates = new HashMap<>();
        synchronized (this) {
            docs.forEach((id, e) -> {
                if (e.refs == 0 && e.loading.isDone()) candidates.put(id, e);
            });
        }
        candidates.forEach(this::closeIfIdle);
    }

    /** Closes the document unless someone joined meanwhile. */
    private void closeIfIdle(String id, Entry e) {
        e.doc.exec.execute(() -> {
            if (!e.doc.isIdle()) return;
            synchronized (DocumentRegistry.this) {
                if (e.refs == 0 && docs.get(id) == e) {
                    docs.remove(id);
                    close(e);
                }
            }
        });
    }

    private static void close(Entry e) {
        try {
            e.following.close();
        } catch (Exception ex) {
            LOG.warn("could not stop following {}: {}", e.doc.id(), ex.toString());
        }
    }

    @Override
    public synchronized void close() {
        docs.values().forEach(DocumentRegistry::close);
        docs.clear();
        try {
            headsSubscription.close();
        } catch (Exception ex) {
            LOG.warn("could not stop following heads: {}", ex.toString());
        }
    }
}
