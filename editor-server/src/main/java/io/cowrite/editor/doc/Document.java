package io.cowrite.editor.doc;

import io.cowrite.core.concurrent.SerialExecutor;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.DocText;
import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.history.api.HistoryError;
import io.cowrite.history.api.HistoryException;
import io.cowrite.history.api.LoadResult;
import io.cowrite.history.api.RecentOps;
import io.cowrite.history.api.Submit;
import io.cowrite.history.api.SubmitResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One document on an editor node: a session gateway, not a writer. It keeps the committed state
 * (version, text, recent ops) for joins, resumes and cursors, forwards submits to the document's owner
 * ({@link #submit}), and delivers committed ops in version order exactly once ({@link #deliver}):
 * from the commit feed, filling gaps from history-service when a batch was lost (a version jump, a
 * head heartbeat ahead of us, or an owner's answer ahead of us). Authors are acked when their op is
 * delivered, so every client sees every version in order.
 *
 * <p>Everything runs on the document's {@link SerialExecutor}; public methods only enqueue.
 */
public final class Document {
    private static final Logger LOG = LoggerFactory.getLogger(Document.class);

    private final String id;
    final SerialExecutor exec;
    private final DocumentContext ctx;
    private final Fanout fanout;
    private final People people;
    private final List<CommittedOp> early = new ArrayList<>();
    private final CompletableFuture<Document> loaded = new CompletableFuture<>();
    private final List<Runnable> untilLoaded = new ArrayList<>();

    private long version;
    /** The text at {@link #version}, edited in place by each op. */
    private DocText text = new DocText("");
    /** {@link #text} as a string for snapshots, made on demand and dropped by the next op. */
    private String snapshot = "";
    private RecentOps recent;
    private boolean gapFillRunning;
    private boolean reloading;
    /** One past the highest version the owner said it committed: delivered soon, or fetched. */
    private long awaited;

    Document(String id, DocumentContext ctx) {
        this.id = id;
        this.ctx = ctx;
        this.exec = new SerialExecutor(ctx.executor());
        this.fanout = new Fanout(id, ctx.codec(), ctx.metrics());
        this.people = new People(id, this, ctx);
    }

    public String id() {
        return id;
    }

    /** Loads the state from history-service; the caller followed the commit feed before calling. */
    CompletableFuture<Document> load() {
        ctx.history().load(id).whenCompleteAsync((r, err) -> {
            if (err != null) {
                loaded.completeExceptionally(err);
                return;
            }
            try {
                init(r);
                loaded.complete(this);
            } catch (OtException | IllegalArgumentException e) {
                loaded.completeExceptionally(new IllegalStateException("stored ops of " + id + " do not apply", e));
            }
        }, exec);
        return loaded;
    }

    private void init(LoadResult r) throws OtException {
        DocText t = new DocText(r.milestoneText());
        for (CommittedOp op : r.ops()) t.apply(op.op());
        text = t;
        snapshot = null;
        version = r.head();
        recent = new RecentOps(ctx.settings().recentOps(), r.milestoneVersion());
        for (CommittedOp op : r.ops()) recent.add(op);
        drain();
        untilLoaded.forEach(Runnable::run);
        untilLoaded.clear();
    }

    /** Runs {@code task} once loaded, in submission order; dropped if the load fails (the join reports it). */
    private void whenLoaded(Runnable task) {
        exec.execute(() -> {
            if (isLoaded()) task.run();
            else if (!loaded.isDone()) untilLoaded.add(task);
        });
    }

    /** Completes when the state is loaded, or fails when history-service could not provide it. */
    public CompletableFuture<Document> loaded() {
        return loaded;
    }

    boolean isLoaded() {
        return recent != null;
    }

    // ---------------------------------------------------------------- people

    /** Adds {@code p}; {@code lastSeen} null is a fresh join, else a resume from that version. */
    public void join(Participant p, Long lastSeen) {
        whenLoaded(() -> join(p, lastSeen, true));
    }

    private void join(Participant p, Long lastSeen, boolean mayCatchUp) {
        if (lastSeen == null) {
            admit(p, () -> p.snapshot(version, snapshotText(), false));
        } else if (lastSeen > version && mayCatchUp) {
            catchUpTo(lastSeen, () -> join(p, lastSeen, false), err -> unavailable(p, null, "retry the join"));
        } else if (lastSeen > version) {
            p.error(null, ErrorCode.VERSION_AHEAD, "document " + id + " is at version " + version
                    + ", the client claims " + lastSeen, null);
        } else if (version - lastSeen > ctx.settings().maxReplay()) {
            resync(p);
        } else {
            opsSince(lastSeen, ops -> admit(p, () -> p.catchup(lastSeen, version, ops)), err -> {
                if (compacted(err)) resync(p); // retention deleted the ops it missed: never a partial replay
                else unavailable(p, null, "retry the join");
            });
        }
    }

    /** The text as a string, shared by every snapshot until the next op. */
    private String snapshotText() {
        if (snapshot == null) snapshot = text.toString();
        return snapshot;
    }

    /** The whole text instead of a replay: the client rebases its pending edits on it (protocol §11). */
    private void resync(Participant p) {
        ctx.metrics().resyncs.increment();
        admit(p, () -> p.snapshot(version, snapshotText(), true));
    }

    private static boolean compacted(Throwable err) {
        Throwable e = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
        return e instanceof HistoryException h && HistoryError.COMPACTED.equals(h.code());
    }

    private static void unavailable(Participant p, Long seq, String what) {
        p.error(seq, ErrorCode.UNAVAILABLE, "history is unreachable; " + what, null);
    }

    private void admit(Participant p, Runnable firstMessage) {
        p.avoidColors(people.colorsOtherThan(p));
        firstMessage.run();
        fanout.add(p);
        if (p.visible()) people.add(p);
    }

    /** Removes {@code p}; an op it submitted still commits (it may be acked on another connection). */
    public void leave(Participant p, Runnable afterwards) {
        whenLoaded(() -> {
            fanout.remove(p);
            people.remove(p);
            afterwards.run();
        });
    }

    boolean isIdle() {
        return fanout.isEmpty();
    }

    /** A participant's selection at version {@code at}: coalesced and relayed by {@link People}. */
    public void cursor(Participant from, long at, int anchor, int head) {
        whenLoaded(() -> people.cursor(from, at, anchor, head));
    }

    /** Presence became unavailable, or available again. */
    void presenceAvailability(boolean available) {
        exec.execute(() -> {
            if (isLoaded()) people.availability(available);
        });
    }

    long version() {
        return version;
    }

    /**
     * A selection at version {@code at}, moved through the ops committed since to the current version and
     * clamped to the document; null when {@code at} is ahead of this node or older than its recent ops.
     */
    People.Cursor moveToCurrent(long at, int anchor, int head) {
        if (at > version || !recent.covers(at)) return null;
        int a = anchor;
        int h = head;
        for (CommittedOp op : recent.since(at)) {
            a = TextType.transformPosition(a, op.op());
            h = TextType.transformPosition(h, op.op());
        }
        int length = text.length();
        return new People.Cursor(version, Math.min(a, length), Math.min(h, length));
    }

    // ---------------------------------------------------------------- submits: forwarded to the owner

    /** Forwards an op to the document's owner; its author is acked when the op is delivered here. */
    public void submit(Participant author, long base, long seq, TextOp op) {
        whenLoaded(() -> forward(author, base, seq, op, true));
    }

    private void forward(Participant author, long base, long seq, TextOp op, boolean mayCatchUp) {
        if (base > version && mayCatchUp) { // the client saw more than this node has applied yet
            catchUpTo(base, () -> forward(author, base, seq, op, false), err -> unavailable(author, seq, "resend later"));
            return;
        }
        if (base > version) {
            author.error(seq, ErrorCode.VERSION_AHEAD, "base " + base + " is ahead of document version " + version, null);
            return;
        }
        ctx.metrics().submits.increment();
        ctx.owners().submit(new Submit(id, base, author.clientId(), seq, author.name(), op))
                .thenAcceptAsync(r -> answered(author, seq, r), exec);
    }

    private void answered(Participant author, long seq, SubmitResult result) {
        switch (result) {
            case SubmitResult.Committed c when c.version() < version -> author.ackCommitted(seq, c.version());
            case SubmitResult.Committed c -> await(c.version() + 1);
            case SubmitResult.Refused r -> {
                (r.code().retryable() ? ctx.metrics().unavailable : ctx.metrics().rejected).increment();
                author.error(seq, r.code(), r.message(), r.detail());
            }
        }
    }

    /** The owner committed up to {@code v}: the feed delivers it at once, unless it lost it; then fetch it. */
    private void await(long v) {
        if (v <= version || v <= awaited) return;
        awaited = v;
        ctx.timers().schedule(() -> exec.execute(() -> {
            if (version < awaited) fillGap(awaited);
        }), ctx.settings().deliveryGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- delivery

    /** Committed ops from the feed or history; applied in version order once loaded. */
    public void deliver(List<CommittedOp> ops) {
        exec.execute(() -> {
            early.addAll(ops);
            if (isLoaded()) drain();
        });
    }

    /** A head heartbeat of the owner: a head above ours means a batch was lost. */
    public void onHead(long head) {
        exec.execute(() -> {
            if (isLoaded() && head > version && !gapFillRunning) {
                ctx.metrics().headDrift.increment();
                LOG.info("{}: the owner's head {} is ahead of this node's {}", id, head, version);
                fillGap(head);
            }
        });
    }

    /**
     * Applies every op from the feed that is next in line. An op that does not fit the sequence (a version
     * jump: a batch was lost, or was never history's) is not applied: the range up to and including it is
     * fetched from history-service, and history's ops replace whatever the feed delivered for it.
     */
    private void drain() {
        if (early.isEmpty()) return;
        early.sort(Comparator.comparingLong(CommittedOp::version));
        List<CommittedOp> stash = new ArrayList<>(early);
        early.clear();
        boolean misfit = false;
        for (CommittedOp op : stash) {
            if (op.version() < version) continue; // delivered already
            if (!misfit && op.version() == version) {
                if (apply(op)) continue;
                ctx.metrics().misfits.increment(); // it does not apply here: history decides what is at this version
            }
            misfit = true;
            early.add(op);
        }
        if (!early.isEmpty()) fillGap(early.get(early.size() - 1).version() + 1);
    }

    /** Fetches {@code [version, upTo)} from history-service; its ops replace any the feed delivered there. */
    private void fillGap(long upTo) {
        if (gapFillRunning || upTo <= version) return;
        gapFillRunning = true;
        ctx.metrics().gapsFilled.increment();
        ctx.history().range(id, version, upTo).whenCompleteAsync((ops, err) -> {
            gapFillRunning = false;
            if (err != null) {
                if (compacted(err)) {
                    reload(); // retention deleted what this node missed: no replay can bridge it
                    return;
                }
                LOG.warn("gap fill of {} [{}, {}) failed: {}", id, version, upTo, err.toString());
                return; // the next delivery, heartbeat or answer retries
            }
            fromHistory(ops, upTo);
        }, exec);
    }

    /**
     * Loads the document again (latest milestone and the ops after it) when the ops between this node's
     * version and the head were compacted away, and gives everyone here a resync snapshot: they rebase their
     * pending edits on it and resend their op in flight with its seq (protocol §11), which the owner answers
     * from its deduplication if it was committed meanwhile. Cursors waiting for a version go with the old text.
     */
    private void reload() {
        if (reloading) return;
        reloading = true;
        ctx.history().load(id).whenCompleteAsync((r, err) -> {
            reloading = false;
            if (err != null) {
                LOG.warn("reload of {} failed: {}", id, err.toString());
                return; // the next heartbeat retries
            }
            if (r.head() <= version) return; // caught up meanwhile
            try {
                DocText t = new DocText(r.milestoneText());
                for (CommittedOp op : r.ops()) t.apply(op.op());
                RecentOps fresh = new RecentOps(ctx.settings().recentOps(), r.milestoneVersion());
                for (CommittedOp op : r.ops()) fresh.add(op);
                LOG.info("{}: the ops from version {} to {} were compacted away; reloaded at {}, {} people resynced",
                        id, version, r.head(), r.head(), fanout.all().size());
                text = t;
                snapshot = null;
                version = r.head();
                recent = fresh;
                ctx.metrics().reloads.increment();
                for (Participant p : fanout.all()) {
                    ctx.metrics().resyncs.increment();
                    p.snapshot(version, snapshotText(), true);
                }
                early.removeIf(op -> op.version() < version);
                drain();
                people.advanced();
            } catch (OtException | IllegalArgumentException e) {
                LOG.error("{}: stored ops do not apply on reload: {}", id, e.getMessage());
            }
        }, exec);
    }

    /**
     * Ops fetched from history-service for {@code [version, upTo)}: the record. Ops the feed delivered in
     * that range are dropped (history's replace them; one history does not know was never committed), then
     * history's are applied in order and anything the feed delivered beyond is drained.
     */
    private void fromHistory(List<CommittedOp> ops, long upTo) {
        early.removeIf(op -> op.version() < upTo);
        for (CommittedOp op : ops) {
            if (op.version() < version) continue;
            if (op.version() > version || !apply(op)) {
                // history's own record does not follow from the state here: never guess, stop delivering
                LOG.error("{}: history's op at {} does not follow version {}; delivery stops until the document reloads",
                        id, op.version(), version);
                return;
            }
        }
        drain();
    }

    /**
     * The op committed at exactly {@link #version}: apply, keep, tell everyone (acks to its author). False,
     * and nothing changed, if it does not apply to the text here (it cannot be the op committed there).
     */
    private boolean apply(CommittedOp op) {
        try {
            text.apply(op.op()); // changes nothing when it throws
            snapshot = null;
        } catch (OtException e) {
            LOG.warn("{}: op at {} does not apply here ({}); asking history", id, op.version(), e.getMessage());
            return false;
        }
        version = op.version() + 1;
        recent.add(op);
        fanout.committed(op);
        people.advanced();
        return true;
    }

    /**
     * A client resumes from (or submits on) a version this node has not applied yet: it comes from another
     * node (no sticky sessions) and this node lags by a batch still in flight on the feed, or lost. Fetch
     * up to {@code target}, then {@code then} re-examines; only if history itself is behind is it ahead.
     */
    private void catchUpTo(long target, Runnable then, Consumer<Throwable> failed) {
        long from = version;
        ctx.history().heads(List.of(id)).thenCompose(heads -> heads.getOrDefault(id, 0L) < target
                ? CompletableFuture.completedFuture(List.<CommittedOp>of()) // really ahead: then reports it
                : ctx.history().range(id, from, target)).whenCompleteAsync((ops, err) -> {
            if (err != null) {
                failed.accept(err);
                return;
            }
            fromHistory(ops, target);
            then.run();
        }, exec);
    }

    /** Every committed op in {@code [from, version)}: from the recent buffer, else from history-service first. */
    private void opsSince(long from, Consumer<List<CommittedOp>> then, Consumer<Throwable> failed) {
        if (recent.covers(from)) {
            then.accept(recent.since(from));
            return;
        }
        long upTo = recent.start();
        ctx.history().range(id, from, upTo).whenCompleteAsync((ops, err) -> {
            if (err != null) {
                failed.accept(err);
            } else if (!recent.covers(upTo)) {
                opsSince(from, then, failed); // the buffer moved on meanwhile: fetch again
            } else {
                List<CommittedOp> all = new ArrayList<>(ops);
                all.addAll(recent.since(upTo));
                then.accept(all);
            }
        }, exec);
    }
}
