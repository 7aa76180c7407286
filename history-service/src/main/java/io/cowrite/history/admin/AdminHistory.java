package io.cowrite.history.admin;

import io.cowrite.core.ot.DocText;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.history.admin.AdminQueries.Head;
import io.cowrite.history.admin.AdminViews.Diff;
import io.cowrite.history.admin.AdminViews.DocumentDetail;
import io.cowrite.history.admin.AdminViews.DocumentPage;
import io.cowrite.history.admin.AdminViews.Revision;
import io.cowrite.history.admin.AdminViews.TextAt;
import io.cowrite.history.admin.AdminViews.Timeline;
import io.cowrite.history.store.HistoryStore;
import io.cowrite.history.store.Milestone;
import io.cowrite.history.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin history reads (docs/history-admin.md), free of HTTP: the list, a document, its timeline, the
 * text at a version or a time, an attributed diff. Document ids are valid here (the controller checks).
 * Refusals are {@link AdminException}s; a store failure is {@link AdminException.Kind#UNAVAILABLE}.
 * Thread-safe; blocking (call it off event loops).
 *
 * <p>The text at version v is never replayed from 0: it is the stored milestone at or below v plus the
 * ops after it. The owner stores a milestone at every multiple of {@code cowrite.history.milestone-interval}
 * (default 100), so that is at most interval − 1 ops; if the interval was raised while documents were
 * being written, at most the old interval plus the new.
 */
public final class AdminHistory {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHistory.class);
    /** Ops per read of the op log. */
    private static final int PAGE = 5000;
    /** Ops per read of the timeline, which walks backwards. */
    private static final int TIMELINE_CHUNK = 1000;

    private final HistoryStore store;
    private final AdminQueries queries;
    private final AdminConfig config;
    private final int milestoneInterval;

    public AdminHistory(HistoryStore store, AdminQueries queries, AdminConfig config, int milestoneInterval) {
        this.store = store;
        this.queries = queries;
        this.config = config;
        this.milestoneInterval = milestoneInterval;
    }

    public DocumentPage list(ListQuery query) {
        return guard(() -> queries.list(query));
    }

    public DocumentDetail detail(String doc) {
        return guard(() -> queries.detail(doc)).orElseThrow(() -> notFound(doc));
    }

    /** Revisions ending at or before {@code before} (the head when null), newest first, at most {@code limit}. */
    public Timeline timeline(String doc, Long before, int limit) {
        return guard(() -> {
            Head h = head(doc);
            long end = before == null ? h.head() : before;
            if (end < 0 || end > h.head()) throw AdminException.invalid("before must be between 0 and the head, " + h.head());
            List<Revision> out = new ArrayList<>();
            Revisions.Builder current = null;
            Revisions.OpSummary earliest = null;
            long v = end;
            walk:
            while (v > h.horizon()) {
                long from = Math.max(h.horizon(), v - TIMELINE_CHUNK);
                List<CommittedOp> ops = store.range(doc, from, v, TIMELINE_CHUNK).ops();
                if (ops.size() != v - from) throw compacted(doc);
                for (int i = ops.size() - 1; i >= 0; i--) {
                    Revisions.OpSummary op = Revisions.OpSummary.of(ops.get(i));
                    if (current != null && !Revisions.together(op, earliest, config.revisionGap())) {
                        out.add(current.build());
                        current = null;
                        if (out.size() == limit) break walk;
                    }
                    if (current == null) current = new Revisions.Builder(op);
                    else current.prepend(op);
                    earliest = op;
                }
                v = from;
            }
            if (current != null) out.add(current.build()); // reached the horizon: its first revision is whole
            long last = out.isEmpty() ? h.horizon() : out.get(out.size() - 1).from();
            return new Timeline(out, last > h.horizon() ? last : null);
        });
    }

    /** The text after the first {@code version} ops. */
    public TextAt textAt(String doc, long version) {
        return guard(() -> {
            Head h = head(doc);
            requireVersion("version", version, h);
            return replay(doc, version, h);
        });
    }

    /** The text at the version reached by {@code t}: after every op committed at or before {@code t}. */
    public TextAt textAtTime(String doc, Instant t) {
        return guard(() -> {
            Head h = head(doc);
            long version = queries.versionAt(doc, t, h.horizon(), h.head());
            return replay(doc, version, h);
        });
    }

    /** The text at {@code from} turned into the text at {@code to}, each change attributed to its op. */
    public Diff diff(String doc, long from, long to) {
        return guard(() -> {
            Head h = head(doc);
            requireVersion("from", from, h);
            requireVersion("to", to, h);
            if (from >= to) throw AdminException.invalid("from must be below to");
            if (from < h.horizon()) throw compacted(doc);
            AttributedDiff diff = new AttributedDiff(replay(doc, from, h).text());
            forEachOp(doc, from, to, diff::apply);
            return new Diff(from, to, diff.spans());
        });
    }

    private TextAt replay(String doc, long version, Head h) {
        Milestone m = queries.milestoneAtOrBelow(doc, version);
        if (version > m.version() && m.version() < h.horizon()) throw compacted(doc);
        if (version - m.version() >= 2L * milestoneInterval) {
            LOG.warn("{}: text at {} replays {} ops from the milestone at {} (milestones missing?)", doc, version,
                    version - m.version(), m.version());
        }
        DocText text = new DocText(m.text());
        long[] time = {-1};
        forEachOp(doc, m.version(), version, op -> {
            try {
                text.apply(op.op());
            } catch (OtException e) {
                throw new IllegalStateException("stored op " + doc + "@" + op.version() + " does not apply", e);
            }
            time[0] = op.time();
        });
        String at;
        if (version == 0) at = null;
        else if (time[0] >= 0) at = Instant.ofEpochMilli(time[0]).toString();
        else at = queries.opTime(doc, version - 1).map(Instant::toString).orElse(null);
        return new TextAt(version, text.toString(), at);
    }

    /** Every op of [from, to), in version order, read a page at a time; all of them must be stored. */
    private void forEachOp(String doc, long from, long to, Consumer<CommittedOp> each) {
        for (long next = from; next < to; ) {
            List<CommittedOp> page = store.range(doc, next, to, PAGE).ops();
            if (page.isEmpty() || page.get(0).version() != next) throw compacted(doc);
            page.forEach(each);
            next += page.size();
        }
    }

    private Head head(String doc) {
        return queries.head(doc).orElseThrow(() -> notFound(doc));
    }

    private static void requireVersion(String name, long v, Head h) {
        if (v < 0 || v > h.head()) throw AdminException.invalid(name + " must be between 0 and the head, " + h.head());
    }

    private static AdminException notFound(String doc) {
        return new AdminException(AdminException.Kind.NOT_FOUND, "no document " + doc);
    }

    private static AdminException compacted(String doc) {
        return new AdminException(AdminException.Kind.COMPACTED,
                "that part of " + doc + "'s history was compacted by retention (see horizon)");
    }

    private static <T> T guard(Supplier<T> read) {
        try {
            return read.get();
        } catch (StoreException e) {
            throw new AdminException(AdminException.Kind.UNAVAILABLE, "the history store is unavailable; retry", e);
        }
    }
}
