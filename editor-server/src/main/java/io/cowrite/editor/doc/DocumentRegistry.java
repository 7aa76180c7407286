package io.cowrite.editor.doc;

import io.cowrite.bus.Bus;
import io.cowrite.bus.ConnectionEvent;
import io.cowrite.bus.Subjects;
import io.cowrite.bus.Subscription;
import io.cowrite.bus.history.CommittedBatch;
import io.cowrite.bus.history.HistoryCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The documents open on this node. A document is loaded once however many sessions join at the
 * same moment (they share the in-flight load), and is subscribed to its bus subject BEFORE its state
 * is read, so no committed op can fall between the read and the subscription: ops that arrive during
 * the load are stashed and reconciled by version. Idle documents (no participants, nothing queued)
 * are closed by a periodic sweep. Thread-safe: the map is guarded by {@code this}.
 */
public final class DocumentRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentRegistry.class);

    private final Bus bus;
    private final Subjects subjects;
    private final History history;
    private final DocumentSettings settings;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final DocumentMetrics metrics;
    private final HistoryCodec codec = new HistoryCodec();
    private final Map<String, Entry> docs = new HashMap<>();

    private static final class Entry {
        final Document doc;
        final Subscription subscription;
        final CompletableFuture<Document> loading;
        int refs;

        Entry(Document doc, Subscription subscription, CompletableFuture<Document> loading) {
            this.doc = doc;
            this.subscription = subscription;
            this.loading = loading;
        }
    }

    public DocumentRegistry(Bus bus, Subjects subjects, History history, DocumentSettings settings, Executor executor,
                            ScheduledExecutorService scheduler, DocumentMetrics metrics) {
        this(bus, subjects, history, settings, executor, scheduler, metrics, Duration.ofSeconds(5));
    }

    /** @param headCheckInterval how often every open document compares its version with history's head */
    public DocumentRegistry(Bus bus, Subjects subjects, History history, DocumentSettings settings, Executor executor,
                            ScheduledExecutorService scheduler, DocumentMetrics metrics, Duration headCheckInterval) {
        this.bus = bus;
        this.subjects = subjects;
        this.history = history;
        this.settings = settings;
        this.executor = executor;
        this.scheduler = scheduler;
        this.metrics = metrics;
        scheduler.scheduleWithFixedDelay(this::sweep, 10, 10, TimeUnit.SECONDS);
        long every = headCheckInterval.toMillis();
        scheduler.scheduleWithFixedDelay(this::checkHeads, every, every, TimeUnit.MILLISECONDS);
        // Whatever was published while the bus was away is lost (NATS core): resync every document.
        bus.addConnectionListener(event -> {
            if (event == ConnectionEvent.RECONNECTED) {
                LOG.info("bus reconnected: checking the head of every open document");
                checkHeads();
            }
        });
    }

    private void checkHeads() {
        List<Document> open;
        synchronized (this) {
            open = docs.values().stream().filter(e -> e.loading.isDone()).map(e -> e.doc).toList();
        }
        open.forEach(Document::checkHead);
    }

    /**
     * Opens (loading once) and references the document; pair each call with {@link #release}. The
     * document is returned at once; it defers requests until loaded ({@link Document#loaded()}).
     */
    public synchronized Document open(String id) {
        Entry e = docs.get(id);
        if (e == null) {
            Document doc = new Document(id, new SerialExecutor(executor), history, settings, scheduler, metrics);
            Subscription sub = bus.subscribe(subjects.doc(id), m -> onCommitted(doc, m.payload()));
            Entry created = new Entry(doc, sub, doc.load());
            created.loading.whenComplete((d, err) -> {
                if (err != null) forget(id, created, err);
            });
            docs.put(id, created);
            e = created;
        }
        e.refs++;
        return e.doc;
    }

    private void onCommitted(Document doc, byte[] payload) {
        try {
            doc.deliver(codec.decode(payload, CommittedBatch.class).ops());
        } catch (RuntimeException ex) {
            LOG.warn("ignoring malformed committed batch on {}: {}", doc.id(), ex.getMessage());
        }
    }

    private synchronized void forget(String id, Entry e, Throwable err) {
        LOG.warn("loading {} failed: {}", id, err.toString());
        if (docs.get(id) == e) docs.remove(id);
        e.subscription.unsubscribe();
    }

    /** Drops one reference taken by {@link #open}. */
    public void release(String id) {
        Entry e;
        synchronized (this) {
            e = docs.get(id);
            if (e == null || e.refs == 0 || --e.refs > 0) return;
        }
        if (e.loading.isDone()) closeIfIdle(id, e); // the last session left: unsubscribe now
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

    /** Closes the document unless someone joined meanwhile or its queue still holds edits to commit. */
    private void closeIfIdle(String id, Entry e) {
        e.doc.exec.execute(() -> {
            if (!e.doc.isIdle()) return; // pending edits keep it open; the sweep comes back for it
            synchronized (DocumentRegistry.this) {
                if (e.refs == 0 && docs.get(id) == e) {
                    docs.remove(id);
                    e.subscription.unsubscribe();
                }
            }
        });
    }

    @Override
    public synchronized void close() {
        docs.values().forEach(e -> e.subscription.unsubscribe());
        docs.clear();
    }
}
