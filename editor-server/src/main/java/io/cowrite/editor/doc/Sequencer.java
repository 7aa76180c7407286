package io.cowrite.editor.doc;

import io.cowrite.bus.history.AppendRequest;
import io.cowrite.bus.history.AppendResult;
import io.cowrite.bus.history.CommittedOp;
import io.cowrite.bus.history.NewOp;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.Side;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.ErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The write path of one document on this node (ShareDB's submit request, made durable):
 * validate, transform against everything committed since the op's base, queue, and commit in
 * batches with a compare-and-set append to history-service. One append is in flight at a time;
 * what queues meanwhile goes out together in the next one (group commit).
 *
 * <p>Invariant: every queued {@link Submission#op} applies to the document at {@link Document#version}
 * (each is rebased as ops commit). Acks go out only after history-service answered that the batch
 * is committed. A failed or timed-out append may have committed; the retry then meets a conflict
 * that carries our own ops, which are recognized by (clientId, seq) and acked — never applied twice.
 * Confined to the document's serial executor.
 */
final class Sequencer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Sequencer.class);
    private final Document doc;
    private final ScheduledExecutorService scheduler;
    private final Deque<Submission> queue = new ArrayDeque<>();
    private List<Submission> inFlight = List.of();
    private long backoffMs;
    private int conflicts;
    private boolean retryScheduled;

    Sequencer(Document doc, ScheduledExecutorService scheduler) {
        this.doc = doc;
        this.scheduler = scheduler;
        this.backoffMs = doc.settings.retryBackoff().toMillis();
    }

    boolean appendInFlight() {
        return !inFlight.isEmpty();
    }

    boolean isIdle() {
        return queue.isEmpty() && inFlight.isEmpty();
    }

    void submit(Participant author, long base, long seq, TextOp op) {
        submit(author, base, seq, op, true);
    }

    private void submit(Participant author, long base, long seq, TextOp op, boolean mayCatchUp) {
        if (base > doc.version && mayCatchUp) { // the client saw more than this node has applied yet
            doc.catchUpTo(base, () -> submit(author, base, seq, op, false),
                    err -> author.error(seq, ErrorCode.UNAVAILABLE, "history is unreachable; resend later", null));
            return;
        }
        if (base > doc.version) {
            author.error(seq, ErrorCode.VERSION_AHEAD,
                    "base " + base + " is ahead of document version " + doc.version, null);
            return;
        }
        if (takeOver(author.clientId(), seq)) return;
        if (queue.size() >= doc.settings.maxQueued()) {
            author.error(seq, ErrorCode.UNAVAILABLE, "too many edits are waiting for storage; resend later", null);
            return;
        }
        // ot-text-unicode's transform splits adjacent inserts of an unnormalized op, which breaks
        // convergence; every op is normalized before it meets any other.
        TextOp normalized = TextType.normalize(op);
        doc.opsSince(base, committed -> enqueue(author, seq, normalized, committed),
                err -> author.error(seq, ErrorCode.UNAVAILABLE, "history is unreachable; resend later", null));
    }

    /** A resend of a submit that is still queued or in flight: it will be acked once, by clientId. */
    private boolean takeOver(String clientId, long seq) {
        for (Submission s : queue) if (s.is(clientId, seq)) return true;
        for (Submission s : inFlight) if (s.is(clientId, seq)) return true;
        return false;
    }

    private void enqueue(Participant author, long seq, TextOp op, List<CommittedOp> committedSinceBase) {
        TextOp rebased = op;
        for (CommittedOp c : committedSinceBase) {
            if (c.clientId().equals(author.clientId()) && c.seq() == seq) {
                author.ack(seq, c.version()); // a resend of an op that is already durable
                return;
            }
        }
        if (takeOver(author.clientId(), seq)) return;
        if (committedSinceBase.size() > doc.settings.maxReplay()) {
            // Only a client that was resynced sends such a base; it could not apply our transform of it.
            author.error(seq, ErrorCode.VERSION_TOO_OLD, "base " + (doc.version - committedSinceBase.size())
                    + " is more than " + doc.settings.maxReplay() + " versions behind; the op is not committed", null);
            return;
        }
        for (CommittedOp c : committedSinceBase) rebased = TextType.transform(rebased, c.op(), Side.LEFT);
        queue.add(new Submission(author, seq, rebased));
        flush();
    }

    /** Rebases the queue over an op somebody else committed; a queued copy of that op is dropped. */
    void committedElsewhere(CommittedOp c) {
        queue.removeIf(s -> s.is(c.clientId(), c.seq()));
        for (Submission s : queue) s.op = TextType.transform(s.op, c.op(), Side.LEFT);
    }

    /** Sends the next batch if none is in flight. */
    void flush() {
        if (!inFlight.isEmpty() || queue.isEmpty() || retryScheduled || !doc.isLoaded()) return;
        List<Submission> batch = new ArrayList<>();
        List<TextOp> before = new ArrayList<>();
        String text = doc.text;
        int length = doc.length;
        while (batch.size() < doc.settings.maxBatch() && !queue.isEmpty()) {
            Submission s = queue.poll();
            TextOp op = s.op;
            for (TextOp prev : before) op = TextType.transform(op, prev, Side.LEFT);
            try {
                TextOp invertible = TextType.makeInvertible(op, text);
                int after = length + lengthDelta(invertible);
                if (after > doc.settings.maxDocLength()) {
                    s.author.error(s.seq, ErrorCode.DOC_TOO_LARGE, "the document would exceed "
                            + doc.settings.maxDocLength() + " characters", null);
                    continue;
                }
                text = TextType.apply(text, invertible);
                length = after;
                s.prepare(invertible, text, length);
                batch.add(s);
                before.add(invertible);
            } catch (OtException e) {
                s.author.error(s.seq, ErrorCode.INVALID_OP, "op does not apply to version "
                        + (doc.version + batch.size()) + ": " + e.getMessage(), e.error().code());
            }
        }
        if (batch.isEmpty()) return;
        inFlight = batch;
        List<NewOp> ops = new ArrayList<>(batch.size());
        for (Submission s : batch) ops.add(new NewOp(s.clientId, s.seq, s.authorName, s.batchOp));
        doc.metrics.batches.increment();
        doc.metrics.batchedOps.add(batch.size());
        long expected = doc.version;
        doc.history.append(new AppendRequest(doc.id, expected, ops))
                .whenCompleteAsync((r, err) -> onAppended(batch, expected, r, err), doc.exec);
    }

    private void onAppended(List<Submission> batch, long expected, AppendResult result, Throwable err) {
        inFlight = List.of();
        if (err != null) {
            requeue(batch);
            scheduleRetry();
        } else {
            switch (result) {
                case AppendResult.Appended a -> committed(batch, expected, a);
                case AppendResult.Duplicate d -> duplicates(batch, d);
                case AppendResult.Conflict c -> conflict(batch, c);
                case AppendResult.Failed f -> {
                    for (Submission s : batch) {
                        s.author.error(s.seq, ErrorCode.INTERNAL, "storage refused the edit: " + f.message(), null);
                    }
                }
            }
        }
        doc.drainEarly(); // also flushes the next batch
        doc.appendCompleted();
    }

    private void committed(List<Submission> batch, long expected, AppendResult.Appended appended) {
        backoffMs = doc.settings.retryBackoff().toMillis();
        conflicts = 0;
        long now = System.currentTimeMillis();
        for (int i = 0; i < batch.size(); i++) {
            Submission s = batch.get(i);
            long v = appended.outcomes().get(i).version();
            if (v != expected + i) throw new IllegalStateException("history committed out of order: " + v);
            CommittedOp c = new CommittedOp(doc.id, v, s.clientId, s.seq, s.authorName, s.batchOp, now);
            doc.commitOwn(c, s.textAfter, s.lengthAfter);
            for (Submission q : queue) q.op = TextType.transform(q.op, c.op(), Side.LEFT);
        }
    }

    /** Nothing was committed: these (clientId, seq) were durable already. Ack them, retry the rest. */
    private void duplicates(List<Submission> batch, AppendResult.Duplicate d) {
        List<Submission> rest = new ArrayList<>();
        for (Submission s : batch) {
            Long v = d.versionOf(s.clientId, s.seq);
            if (v != null) {
                s.author.ack(s.seq, v);
            } else {
                rest.add(s);
            }
        }
        requeue(rest);
    }

    /** Someone else moved the document: take their ops (ours among them are acked), then retry. */
    private void conflict(List<Submission> batch, AppendResult.Conflict c) {
        doc.metrics.conflicts.increment();
        requeue(batch);
        if (++conflicts > doc.settings.maxConflictRetries()) {
            conflicts = 0;
            LOG.warn("{}: {} conflicts in a row; rejecting {} queued ops as unavailable (clients resend)",
                    doc.id, doc.settings.maxConflictRetries(), batch.size());
            for (Submission s : batch) {
                if (queue.remove(s)) {
                    doc.metrics.contendedRejections.increment();
                    s.author.error(s.seq, ErrorCode.UNAVAILABLE, "the document is too contended; resend", null);
                }
            }
        }
        doc.stash(c.missing()); // applied by drainEarly below, before the retry is flushed
    }

    private void requeue(List<Submission> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) queue.addFirst(batch.get(i));
    }

    private void scheduleRetry() {
        doc.metrics.appendFailures.increment();
        retryScheduled = true;
        long delay = backoffMs;
        backoffMs = Math.min(backoffMs * 2, 2000);
        scheduler.schedule(() -> doc.exec.execute(() -> {
            retryScheduled = false;
            flush();
        }), delay, TimeUnit.MILLISECONDS);
    }

    private static int lengthDelta(TextOp op) {
        int delta = 0;
        for (var c : op.components()) delta += c.outputLength() - c.inputLength();
        return delta;
    }
}
