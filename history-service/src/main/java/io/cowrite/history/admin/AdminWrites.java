package io.cowrite.history.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cowrite.core.ot.DocText;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextDiff;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.history.api.DocumentOwners;
import io.cowrite.history.api.LoadResult;
import io.cowrite.history.api.Submit;
import io.cowrite.history.api.SubmitResult;
import io.cowrite.history.store.HistoryStore;
import io.cowrite.history.store.Milestone;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Restore and undo-author: each builds ONE new forward op on the current head and commits it through the
 * document's owner like an editor's op (client id {@code admin-<random>}, seq 1, the admin as author, base
 * = the head it was computed on), so every open editor applies it live and nothing in history is
 * rewritten. The owner transforms the op past whatever was committed after its base.
 *
 * <p>Refusals: an {@code unavailable} owner is asked again with the same (clientId, seq) (dedup makes that
 * safe) and, after {@link #ATTEMPTS} tries, is {@code unavailable} (503: it may or may not have been
 * committed); an op the owner could not place ({@code version_too_old}, {@code invalid_op}) is computed
 * again on the new head, and after {@link #ATTEMPTS} tries is {@code conflict} (409), as is any other
 * refusal. Thread-safe; blocking (call it off event loops).
 */
public final class AdminWrites {
    /** Tries of one submit, and computations of one write. */
    static final int ATTEMPTS = 4;
    /** Most ops between an undo's {@code from} and the head (its cost grows with them). */
    static final int MAX_UNDO_OPS = 20_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The answer: {@code version} is null for a preview. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outcome(long base, Long version, List<RestoreSpans.Span> spans) {
    }

    /** The head a write is computed on. */
    private record Head(long version, String text) {
    }

    /** The op of one write, computed on a head. */
    private interface Plan {
        TextOp on(Head head) throws OtException;
    }

    private final HistoryStore store;
    private final DocumentOwners owners;
    private final int pageSize;
    private final long timeoutMs;

    /**
     * @param owners   the documents' owners (in process or over the bus)
     * @param pageSize ops read per store page
     * @param timeoutMs how long one submit may take before it counts as unavailable
     */
    public AdminWrites(HistoryStore store, DocumentOwners owners, int pageSize, long timeoutMs) {
        this.store = store;
        this.owners = owners;
        this.pageSize = pageSize;
        this.timeoutMs = timeoutMs;
    }

    /** One op turning the current text into the text at {@code version}. */
    public Outcome restore(String doc, long version, boolean preview, String admin) {
        return write(doc, preview, admin, head -> {
            if (version < 0 || version > head.version()) {
                throw AdminRefusal.invalid("version must be from 0 to the head " + head.version());
            }
            return TextDiff.between(head.text(), textAt(doc, version));
        });
    }

    /** One op taking away {@code author}'s ops at versions {@code [from, to)}, everyone's later edits kept. */
    public Outcome undo(String doc, String author, long from, long to, boolean preview, String admin) {
        return write(doc, preview, admin, head -> {
            if (from < 0 || to <= from || to > head.version()) {
                throw AdminRefusal.invalid("need 0 <= from < to <= the head " + head.version());
            }
            if (head.version() - from > MAX_UNDO_OPS) {
                throw AdminRefusal.invalid("at most " + MAX_UNDO_OPS + " ops from 'from' to the head");
            }
            requireStored(doc, from);
            return UndoAuthor.build(ops(doc, from, head.version()), author, from, to);
        });
    }

    private Outcome write(String doc, boolean preview, String admin, Plan plan) {
        for (int attempt = 1; ; attempt++) {
            Head head = head(doc);
            TextOp op;
            List<RestoreSpans.Span> spans;
            try {
                op = plan.on(head);
                spans = RestoreSpans.of(head.text(), op, admin, head.version());
            } catch (OtException e) {
                throw new IllegalStateException("stored ops of " + doc + " do not apply: " + e.getMessage(), e);
            }
            if (preview) return new Outcome(head.version(), null, spans);
            String clientId = "admin-" + HexFormat.of().formatHex(randomBytes()); // a new identity per computed op
            boolean mayRetry = attempt < ATTEMPTS;
            SubmitResult result = submit(new Submit(doc, head.version(), clientId, 1, admin, TextType.stripInvertible(op)));
            switch (result) {
                case SubmitResult.Committed c -> {
                    return new Outcome(head.version(), c.version(), withVersion(spans, c.version()));
                }
                case SubmitResult.Refused r when r.code().retryable() -> throw new AdminRefusal(503, "unavailable",
                        "the owner of " + doc + " did not answer (" + r.message() + "); the op may or may not be committed");
                case SubmitResult.Refused r when mayRetry
                        && (r.code() == ErrorCode.VERSION_TOO_OLD || r.code() == ErrorCode.INVALID_OP) -> {
                    // computed on a head the owner could not transform from: compute again on the new head
                }
                case SubmitResult.Refused r -> throw new AdminRefusal(409, "conflict",
                        "the owner refused the op (" + r.code().code() + "): " + r.message());
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Submits, resending the same (clientId, seq) while the owner is unavailable. */
    private SubmitResult submit(Submit s) {
        SubmitResult r = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            if (i > 0) pause(100L << i); // backoff between resends to an owner that is moving
            try {
                r = owners.submit(s).get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                r = SubmitResult.Refused.unavailable("no answer: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return SubmitResult.Refused.unavailable("interrupted");
            }
            if (!(r instanceof SubmitResult.Refused f && f.code().retryable())) return r;
        }
        return r;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<RestoreSpans.Span> withVersion(List<RestoreSpans.Span> spans, long version) {
        return spans.stream().map(s -> s.version() == null ? s : new RestoreSpans.Span(s.kind(), s.text(), s.author(), version))
                .toList();
    }

    private Head head(String doc) {
        if (!store.heads(List.of(doc)).containsKey(doc)) throw new AdminRefusal(404, "not_found", "no document " + doc);
        LoadResult load = store.load(doc);
        DocText text = new DocText(load.milestoneText());
        try {
            for (CommittedOp op : load.ops()) text.apply(op.op());
        } catch (OtException e) {
            throw new IllegalStateException("stored ops of " + doc + " do not apply", e);
        }
        return new Head(load.head(), text.toString());
    }

    /** The text after the first {@code version} ops: the nearest milestone at or below, plus the ops after it. */
    String textAt(String doc, long version) throws OtException {
        requireStored(doc, version);
        Milestone m = store.milestoneAtOrBelow(doc, version);
        DocText text = new DocText(m.text());
        for (CommittedOp op : ops(doc, m.version(), version)) text.apply(op.op());
        return text.toString();
    }

    private void requireStored(String doc, long version) {
        long horizon = store.horizon(doc);
        if (version < horizon) {
            throw AdminRefusal.invalid("version " + version + " is behind the retention horizon " + horizon);
        }
    }

    /** Every op in {@code [from, to)}, paged; 409 if retention compacted them meanwhile. */
    private List<CommittedOp> ops(String doc, long from, long to) {
        List<CommittedOp> all = new ArrayList<>((int) Math.min(to - from, 1 << 16));
        long next = from;
        while (next < to) {
            List<CommittedOp> page = store.range(doc, next, to, pageSize).ops();
            if (page.isEmpty() || page.get(0).version() != next) {
                throw new AdminRefusal(409, "conflict", "ops of " + doc + " from " + next + " were compacted meanwhile");
            }
            all.addAll(page);
            next += page.size();
        }
        return all;
    }
}
