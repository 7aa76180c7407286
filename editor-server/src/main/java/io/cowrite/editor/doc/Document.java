package io.cowrite.editor.doc;

import io.cowrite.bus.history.CommittedOp;
import io.cowrite.bus.history.LoadResult;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One document on this node: the committed state (version, text, recent ops), the people in it,
 * and its {@link Sequencer}. Everything here runs on the document's {@link SerialExecutor}; public
 * methods only enqueue. Committed ops arrive from three places (our own appends, conflict answers,
 * the bus) and all go through {@link #deliver}, which applies them in version order exactly once
 * and fills gaps from history-service.
 */
public final class Document {
    private static final Logger LOG = LoggerFactory.getLogger(Document.class);

    final String id;
    final SerialExecutor exec;
    final History history;
    final DocumentSettings settings;
    final DocumentMetrics metrics;
    private final Sequencer sequencer;
    private final Set<Participant> participants = new LinkedHashSet<>();
    private final List<CommittedOp> early = new ArrayList<>();
    private final CompletableFuture<Document> loaded = new CompletableFuture<>();
    private final List<Runnable> untilLoaded = new ArrayList<>();
    private final List<Runnable> afterAppend = new ArrayList<>();

    long version;
    String text = "";
    int length;
    RecentOps recent;
    private boolean gapFillRunning;

    Document(String id, SerialExecutor exec, History history, DocumentSettings settings,
             ScheduledExecutorService scheduler, DocumentMetrics metrics) {
        this.id = id;
        this.exec = exec;
        this.history = history;
        this.settings = settings;
        this.metrics = metrics;
        this.sequencer = new Sequencer(this, scheduler);
    }

    public String id() {
        return id;
    }

    /** Loads the state from history-service; the caller subscribed to the bus before calling. */
    CompletableFuture<Document> load() {
        history.load(id).whenCompleteAsync((r, err) -> {
            if (err != null) {
                loaded.completeExceptionally(err);
            } else {
                try {
                    init(r);
                    loaded.complete(this);
                } catch (OtException e) {
                    loaded.completeExceptionally(new IllegalStateException("stored ops of " + id + " do not apply", e));
                }
            }
        }, exec);
        return loaded;
    }

    private void init(LoadResult r) throws OtException {
        String t = r.milestoneText();
        for (CommittedOp op : r.ops()) t = TextType.apply(t, op.op());
        text = t;
        length = t.codePointCount(0, t.length());
        version = r.milestoneVersion() + r.ops().size();
        recent = new RecentOps(settings.recentOps(), r.milestoneVersion());
        for (CommittedOp op : r.ops()) recent.add(op);
        drainEarly();
        untilLoaded.forEach(Runnable::run);
        untilLoaded.clear();
    }

    /**
     * Runs {@code task} on the executor once the document is loaded, in submission order, so a
     * client may send its first op right after its join. Dropped if the load fails (the join
     * reports the failure).
     */
    private void whenLoaded(Runnable task) {
        exec.execute(() -> {
            if (isLoaded()) {
                task.run();
            } else if (!loaded.isDone()) {
                untilLoaded.add(task);
            }
        });
    }

    /** Completes when the state is loaded, or fails when history-service could not provide it. */
    public CompletableFuture<Document> loaded() {
        return loaded;
    }

    boolean isLoaded() {
        return recent != null;
    }

    // ---------------------------------------------------------------- participants

    /** Adds {@code p}; {@code lastSeen} null is a fresh join, else a resume from that version. */
    public void join(Participant p, Long lastSeen) {
        whenLoaded(() -> join(p, lastSeen, true));
    }

    private void join(Participant p, Long lastSeen, boolean mayCatchUp) {
        if (lastSeen == null) {
            admit(p, () -> p.snapshot(version, text, false));
        } else if (lastSeen > version && mayCatchUp) {
            catchUpTo(lastSeen, () -> join(p, lastSeen, false),
                    err -> p.error(null, ErrorCode.UNAVAILABLE, "history is unreachable, retry the join", null));
        } else if (lastSeen > version) {
            p.error(null, ErrorCode.VERSION_AHEAD, "document " + id + " is at version " + version
                    + ", the client claims " + lastSeen, null);
        } else if (version - lastSeen > settings.maxReplay()) {
            metrics.resyncs.increment();
            admit(p, () -> p.snapshot(version, text, true));
        } else {
            opsSince(lastSeen, ops -> admit(p, () -> p.catchup(lastSeen, version, ops)),
                    err -> p.error(null, ErrorCode.UNAVAILABLE, "history is unreachable, retry the join", null));
        }
    }

    /**
     * A client resumes from (or submits on) a version this node has not applied yet: it comes from another node
     * (no sticky sessions, e.g. after that node died) and this node's copy lags by ops still in
     * flight on the bus, or lost there. Fetch them from history-service and apply them, then
     * {@code then} re-examines the join; only if history-service itself is behind the client is its
     * version really ahead.
     */
    void catchUpTo(long target, Runnable then, Consumer<Throwable> failed) {
        long from = version;
        history.head(id).thenCompose(head -> head < target
                ? CompletableFuture.completedFuture(List.<CommittedOp>of()) // really ahead: then reports it
                : history.range(id, from, target)).whenCompleteAsync((ops, err) -> {
            if (err != null) {
                failed.accept(err);
                return;
            }
            stash(ops);
            if (sequencer.appendInFlight()) {
                afterAppend.add(then); // the stash is applied when the append completes
            } else {
                drainEarly();
                then.run();
            }
        }, exec);
    }

    /** Called by the sequencer once a completed append's results and the stash are applied. */
    void appendCompleted() {
        if (afterAppend.isEmpty()) return;
        List<Runnable> waiting = List.copyOf(afterAppend);
        afterAppend.clear();
        waiting.forEach(Runnable::run);
    }

    private void admit(Participant p, Runnable firstMessage) {
        Set<String> taken = new java.util.HashSet<>();
        for (Participant q : participants) if (!q.clientId().equals(p.clientId())) taken.add(q.color());
        p.avoidColors(taken);
        firstMessage.run();
        participants.add(p);
        presenceChanged();
    }

    /** Removes {@code p}; its queued submits still commit (they may already be acked elsewhere). */
    public void leave(Participant p, Runnable afterwards) {
        whenLoaded(() -> {
            if (participants.remove(p)) presenceChanged();
            afterwards.run();
        });
    }

    boolean isIdle() {
        return participants.isEmpty() && sequencer.isIdle();
    }

    private void presenceChanged() {
        List<Participant> peers = List.copyOf(participants);
        for (Participant q : participants) q.presence(peers);
    }

    /** Relays a cursor, moved from {@code at} to the current version through the recent ops. */
    public void cursor(Participant from, long at, int anchor, int head) {
        whenLoaded(() -> {
            if (at > version || !recent.covers(at) || !participants.contains(from)) return; // ephemeral: drop
            int a = anchor;
            int h = head;
            for (CommittedOp op : recent.since(at)) {
                a = TextType.transformPosition(a, op.op());
                h = TextType.transformPosition(h, op.op());
            }
            for (Participant q : participants) {
                if (q != from) q.cursor(from, version, a, h);
            }
        });
    }

    // ---------------------------------------------------------------- the write path

    /** Queues an op for commit; the author is acked after the commit (see {@link Sequencer}). */
    public void submit(Participant author, long base, long seq, TextOp op) {
        whenLoaded(() -> sequencer.submit(author, base, seq, op));
    }

    /**
     * Calls {@code then} on the executor with every committed op in {@code [from, version)} at that
     * moment: from the recent buffer, else fetched from history-service first.
     */
    void opsSince(long from, Consumer<List<CommittedOp>> then, Consumer<Throwable> failed) {
        if (recent.covers(from)) {
            then.accept(recent.since(from));
            return;
        }
        long upTo = recent.start();
        history.range(id, from, upTo).whenCompleteAsync((ops, err) -> {
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

    /** Committed ops from any source; applied in version order once loaded and no append is in flight. */
    public void deliver(List<CommittedOp> ops) {
        exec.execute(() -> {
            stash(ops);
            if (isLoaded() && !sequencer.appendInFlight()) drainEarly();
        });
    }

    /** Keeps committed ops until {@link #drainEarly} applies them in order. */
    void stash(List<CommittedOp> ops) {
        early.addAll(ops);
    }

    /**
     * Applies every stashed op that is next in line; fetches the range when one is missing. Always
     * ends by flushing the sequencer: after an append completes this is what sends the next batch,
     * also when nothing was stashed (the bus copy of our own batch may have been lost).
     */
    void drainEarly() {
        if (early.isEmpty()) {
            sequencer.flush();
            return;
        }
        early.sort(Comparator.comparingLong(CommittedOp::version));
        List<CommittedOp> stash = new ArrayList<>(early);
        early.clear();
        for (CommittedOp op : stash) {
            if (op.version() < version) continue;
            if (op.version() == version) {
                applyCommitted(op);
            } else {
                early.add(op);
            }
        }
        if (!early.isEmpty()) fillGap(early.get(0).version());
        sequencer.flush();
    }

    /**
     * Asks history-service for the head and fetches what this node is missing. NATS core may drop a
     * message silently; when the dropped one was the last op of a burst, no later op reveals the gap,
     * so every open document is checked periodically and after the bus reconnects.
     */
    void checkHead() {
        exec.execute(() -> {
            if (!isLoaded() || gapFillRunning) return;
            long at = version;
            history.head(id).whenCompleteAsync((head, err) -> {
                if (err == null && head > version && version == at) {
                    metrics.headDrift.increment();
                    LOG.info("{}: head check found {} ops missing (at {}, head {})", id, head - version, version, head);
                    fillGap(head);
                }
            }, exec);
        });
    }

    private void fillGap(long upTo) {
        if (gapFillRunning) return;
        gapFillRunning = true;
        metrics.gapsFilled.increment();
        history.range(id, version, upTo).whenCompleteAsync((ops, err) -> {
            gapFillRunning = false;
            if (err != null) {
                LOG.warn("gap fill of {} [{}, {}) failed: {}", id, version, upTo, err.toString());
                return; // the next delivery or head check retries
            }
            early.addAll(ops);
            if (!sequencer.appendInFlight()) drainEarly();
        }, exec);
    }

    /** The op committed at exactly {@link #version}: apply, buffer, tell everyone, rebase the queue. */
    void applyCommitted(CommittedOp op) {
        String next;
        try {
            next = TextType.apply(text, op.op());
        } catch (OtException e) {
            // Cannot happen for ops history accepted at this version; refuse to corrupt the state.
            LOG.error("committed op {}@{} does not apply: {}", id, op.version(), e.getMessage());
            throw new IllegalStateException(e);
        }
        text = next;
        length = next.codePointCount(0, next.length());
        version = op.version() + 1;
        recent.add(op);
        sequencer.committedElsewhere(op);
        announce(op);
    }

    /** Acks the author's sessions on this node and sends the op to everyone else. */
    void announce(CommittedOp op) {
        for (Participant q : participants) {
            if (q.clientId().equals(op.clientId())) {
                q.ack(op.seq(), op.version());
            } else {
                q.remote(op);
            }
        }
    }

    /** Records our own committed op (text already computed by the sequencer). */
    void commitOwn(CommittedOp op, String textAfter, int lengthAfter) {
        text = textAfter;
        length = lengthAfter;
        version = op.version() + 1;
        recent.add(op);
        announce(op);
    }
}
