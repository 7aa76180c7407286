package io.cowrite.history.owner;

import io.cowrite.core.concurrent.SerialExecutor;
import io.cowrite.core.ot.DocText;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.Side;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.history.api.CommittedBatch;
import io.cowrite.history.api.LoadResult;
import io.cowrite.history.api.RecentOps;
import io.cowrite.history.api.Submit;
import io.cowrite.history.api.SubmitResult;
import io.cowrite.history.store.DocBatch;
import io.cowrite.history.store.HistoryStore;
import io.cowrite.history.store.Milestone;
import io.cowrite.history.store.StoreException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path of one document on its owner, the only sequencer of that document in the cluster
 * while this replica holds the shard's lease. Read {@link #receive} top to bottom: load, dedup, check
 * the base, transform, queue; then {@link #flush} hands a batch to the {@link GroupCommitter}, and
 * {@link #committed} publishes it and replies. Nothing is acked before its transaction committed.
 *
 * <p>State: the committed head and recent ops; the pending ops (in flight, then queued), each
 * transformed on top of the ones before it, and the text after all of them (the tip). Any failure that
 * leaves the state in doubt (a conflict, a refusal, a lost lease) replies {@code unavailable} to every
 * pending op and forgets the state: the next submit reloads it from the store, which is the truth, and
 * resent ops are answered by dedup. Confined to the document's serial executor.
 */
final class DocumentSequencer {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentSequencer.class);

    private final String doc;
    private final int shard;
    private final long epoch;
    private final Executor exec;
    private final HistoryStore store;
    private final GroupCommitter committer;
    private final Announcer announcer;
    private final OwnerSettings settings;
    private final InstantSource clock;

    private boolean loaded;
    private volatile boolean closed;
    private long head;
    private RecentOps recent;
    /** The text after every op sequenced so far (committed, in flight, queued), edited in place. */
    private DocText tip;
    private final Map<String, HistoryStore.SeqAt> lastSeqs = new HashMap<>();
    private final List<Pending> inFlight = new ArrayList<>();
    private final List<Pending> queued = new ArrayList<>();
    /** Ops still to be committed one per transaction, after a refusal that did not name its culprit. */
    private int isolate;
    /** Retention's horizon: a base below it is refused even while its ops are still in memory (never forgotten). */
    private long horizon;

    DocumentSequencer(String doc, int shard, long epoch, Executor pool, HistoryStore store, GroupCommitter committer,
                      Announcer announcer, OwnerSettings settings, InstantSource clock) {
        this.doc = doc;
        this.shard = shard;
        this.epoch = epoch;
        this.exec = new SerialExecutor(pool);
        this.store = store;
        this.committer = committer;
        this.announcer = announcer;
        this.settings = settings;
        this.clock = clock;
    }

    String doc() {
        return doc;
    }

    CompletableFuture<SubmitResult> submit(Submit s) {
        CompletableFuture<SubmitResult> reply = new CompletableFuture<>();
        exec.execute(() -> {
            try {
                receive(s, reply);
            } catch (StoreException e) {
                reply.complete(SubmitResult.Refused.unavailable("storage: " + e.getMessage()));
            }
        });
        return reply;
    }

    /** The write path of one submit; blocking store reads are fine here (the executor runs on virtual threads). */
    private void receive(Submit s, CompletableFuture<SubmitResult> reply) {
        if (closed) {
            reply.complete(SubmitResult.Refused.unavailable("this replica no longer owns " + doc));
            return;
        }
        if (!loaded) load();
        if (attachToPending(s, reply)) return;
        SubmitResult known = alreadyCommitted(s);
        if (known != null) {
            reply.complete(known);
            return;
        }
        SubmitResult refused = checkBase(s.base());
        if (refused == null) refused = checkQueue();
        if (refused != null) {
            reply.complete(refused);
            return;
        }
        sequence(s, reply);
        flush();
    }

    private void load() {
        horizon = Math.max(horizon, store.horizon(doc));
        LoadResult r = store.load(doc);
        DocText text = new DocText(r.milestoneText());
        recent = new RecentOps(settings.maxReplay(), r.milestoneVersion());
        for (CommittedOp op : r.ops()) {
            try {
                text.apply(op.op());
            } catch (OtException e) {
                throw new IllegalStateException("stored op " + doc + "@" + op.version() + " does not apply", e);
            }
            recent.add(op);
        }
        head = r.head();
        tip = text;
        loaded = true;
    }

    /** A resend of an op still pending: it gets the same answer when that op commits. */
    private boolean attachToPending(Submit s, CompletableFuture<SubmitResult> reply) {
        for (List<Pending> list : List.of(inFlight, queued)) {
            for (Pending p : list) {
                if (p.is(s.clientId(), s.seq())) {
                    p.alsoReply(reply);
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Dedup against what is durable: the client's last committed seq (read once per client), and for an
     * older seq its exact row. A seq below the client's last that was never committed is stale.
     */
    private SubmitResult alreadyCommitted(Submit s) {
        HistoryStore.SeqAt last = lastSeqs.computeIfAbsent(s.clientId(), c -> store.lastSeq(doc, c));
        if (last == null || s.seq() > last.seq()) return pendingSeqAbove(s);
        if (s.seq() == last.seq()) return new SubmitResult.Committed(last.version());
        OptionalLong v = store.versionOf(doc, s.clientId(), s.seq());
        if (v.isPresent()) return new SubmitResult.Committed(v.getAsLong());
        return stale(s, last.seq());
    }

    private SubmitResult pendingSeqAbove(Submit s) {
        for (List<Pending> list : List.of(inFlight, queued)) {
            for (Pending p : list) {
                if (p.op.clientId().equals(s.clientId()) && p.op.seq() > s.seq()) return stale(s, p.op.seq());
            }
        }
        return null;
    }

    private static SubmitResult stale(Submit s, long higher) {
        return new SubmitResult.Refused(ErrorCode.STALE_SEQ,
                "seq " + s.seq() + " is below " + higher + ", already sent by this client", null);
    }

    private SubmitResult checkBase(long base) {
        if (base > head) {
            return new SubmitResult.Refused(ErrorCode.VERSION_AHEAD, "base " + base + " is ahead of version " + head, null);
        }
        if (base < horizon) {
            return new SubmitResult.Refused(ErrorCode.VERSION_TOO_OLD, "base " + base + " is behind the retention horizon "
                    + horizon + "; the op is not committed", null);
        }
        if (head - base > settings.maxReplay()) {
            return new SubmitResult.Refused(ErrorCode.VERSION_TOO_OLD, "base " + base + " is more than "
                    + settings.maxReplay() + " versions behind " + head + "; the op is not committed", null);
        }
        return null;
    }

    private SubmitResult checkQueue() {
        if (inFlight.size() + queued.size() < settings.maxPending()) return null;
        return SubmitResult.Refused.unavailable("too many edits are waiting for storage on " + doc + "; resend later");
    }

    /**
     * Transforms the op (side left) over everything sequenced since its base: the committed ops, then the
     * pending ones in order, makes it invertible against the tip text and queues it at the next version.
     */
    private void sequence(Submit s, CompletableFuture<SubmitResult> reply) {
        // ot-text-unicode's transform splits adjacent inserts of an unnormalized op, which breaks convergence.
        TextOp op = TextType.normalize(s.op());
        try {
            for (CommittedOp c : committedSince(s.base())) op = TextType.transform(op, c.op(), Side.LEFT);
            for (Pending p : inFlight) op = TextType.transform(op, p.op.op(), Side.LEFT);
            for (Pending p : queued) op = TextType.transform(op, p.op.op(), Side.LEFT);
            TextOp invertible = tip.makeInvertible(op);
            int after = tip.length() + lengthDelta(invertible);
            if (after > settings.maxDocLength()) {
                reply.complete(new SubmitResult.Refused(ErrorCode.DOC_TOO_LARGE,
                        "the document would exceed " + settings.maxDocLength() + " characters", null));
                return;
            }
            tip.apply(invertible);
            long version = head + inFlight.size() + queued.size();
            CommittedOp committed = new CommittedOp(version, invertible, s.clientId(), s.seq(),
                    s.author() == null ? "" : s.author(), clock.millis());
            boolean milestone = (version + 1) % settings.milestoneInterval() == 0;
            queued.add(new Pending(committed, milestone ? tip.toString() : null, reply));
        } catch (Compacted e) {
            reply.complete(new SubmitResult.Refused(ErrorCode.VERSION_TOO_OLD, "the ops after base " + s.base()
                    + " were compacted by retention; the op is not committed", null));
        } catch (OtException e) {
            reply.complete(new SubmitResult.Refused(ErrorCode.INVALID_OP,
                    "op does not apply to version " + head + ": " + e.getMessage(), e.error().code()));
        }
    }

    private List<CommittedOp> committedSince(long base) throws Compacted {
        if (recent.covers(base)) return recent.since(base);
        List<CommittedOp> ops = new ArrayList<>(store.range(doc, base, recent.start(), settings.maxReplay()).ops());
        if (ops.size() != recent.start() - base || (!ops.isEmpty() && ops.get(0).version() != base)) {
            // compacted meanwhile (checkBase saw an older horizon): transforming against a partial range would corrupt
            throw new Compacted();
        }
        ops.addAll(recent.since(recent.start()));
        return ops;
    }

    /** Hands the queued ops to the group committer, unless a batch of this document is in flight already. */
    private void flush() {
        if (closed || !inFlight.isEmpty() || queued.isEmpty()) return;
        int n = Math.min(queued.size(), isolate > 0 ? 1 : settings.maxBatchOps());
        if (isolate > 0) isolate--;
        List<Pending> batch = queued.subList(0, n);
        inFlight.addAll(batch);
        batch.clear();
        List<CommittedOp> ops = new ArrayList<>(inFlight.size());
        List<Milestone> milestones = new ArrayList<>();
        for (Pending p : inFlight) {
            ops.add(p.op);
            if (p.milestoneText != null) milestones.add(new Milestone(p.op.version() + 1, p.milestoneText));
        }
        committer.enqueue(this, new DocBatch(doc, shard, epoch, head, ops, milestones));
    }

    /** Called by the committer: the batch is durable. Publish it, then answer its authors. */
    void committed(DocBatch batch) {
        exec.execute(() -> {
            if (!loaded) { // the shard moved while it committed: publish it, the authors were told to resend
                announcer.committed(shard, new CommittedBatch(doc, batch.ops()));
                return;
            }
            for (Pending p : inFlight) {
                recent.add(p.op);
                lastSeqs.put(p.op.clientId(), new HistoryStore.SeqAt(p.op.seq(), p.op.version()));
            }
            head = batch.newHead();
            announcer.committed(shard, new CommittedBatch(doc, batch.ops()));
            for (Pending p : inFlight) p.reply(new SubmitResult.Committed(p.op.version()));
            inFlight.clear();
            flush();
        });
    }

    /** Called by the committer: the batch was not committed and will not be as it is. */
    void failed(DocBatch batch, StoreException e) {
        exec.execute(() -> {
            if (e.kind() == StoreException.Kind.PERMANENT) refused(e);
            else if (e.kind() == StoreException.Kind.FENCED) closed = true;
            LOG.info("{}: {} ops not committed ({}): {}", doc, inFlight.size(), e.kind(), e.getMessage());
            forget("the commit failed (" + e.kind().name().toLowerCase() + "); resend");
        });
    }

    /**
     * Storage refused the batch for good. A lone op is rejected to its author; a batch of several is
     * retried one op per transaction (as its authors resend) so only the op to blame is rejected.
     */
    private void refused(StoreException e) {
        if (inFlight.size() == 1) {
            inFlight.remove(0).reply(new SubmitResult.Refused(ErrorCode.STORAGE_REJECTED,
                    "storage refused the op: " + e.getMessage(), null));
        } else {
            isolate = inFlight.size() + queued.size();
        }
    }

    /** The shard's lease is gone: stop, answer everyone {@code unavailable}. */
    void close() {
        exec.execute(() -> {
            closed = true;
            forget("this replica no longer owns " + doc + "; resend");
        });
    }

    /** Replies {@code unavailable} to every pending op and drops the state; the store is reread on demand. */
    private void forget(String why) {
        for (Pending p : inFlight) p.reply(SubmitResult.Refused.unavailable(why));
        for (Pending p : queued) p.reply(SubmitResult.Refused.unavailable(why));
        inFlight.clear();
        queued.clear();
        lastSeqs.clear();
        loaded = false;
        recent = null;
        tip = null;
    }

    /**
     * Raises the retention horizon before retention deletes the ops below it: from then on a base below is
     * refused, so no op is transformed against ops the store is about to lose. Completes once in force.
     */
    CompletableFuture<Void> raiseHorizon(long version) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        exec.execute(() -> {
            horizon = Math.max(horizon, version);
            done.complete(null);
        });
        return done;
    }

    /** The store's range below the in-memory ops was cut short by a compaction. */
    private static final class Compacted extends Exception {
        Compacted() {
            super(null, null, false, false);
        }
    }

    boolean isClosed() {
        return closed;
    }

    private static int lengthDelta(TextOp op) {
        int delta = 0;
        for (var c : op.components()) delta += c.outputLength() - c.inputLength();
        return delta;
    }
}
