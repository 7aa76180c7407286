package io.cowrite.history;

import io.cowrite.bus.Subjects;
import io.cowrite.bus.history.AppendRequest;
import io.cowrite.bus.history.AppendResult;
import io.cowrite.bus.history.HeadRequest;
import io.cowrite.bus.history.HeadResult;
import io.cowrite.bus.history.HistoryError;
import io.cowrite.bus.history.HistoryException;
import io.cowrite.bus.history.LoadRequest;
import io.cowrite.bus.history.LoadResult;
import io.cowrite.bus.history.NewOp;
import io.cowrite.bus.history.RangeRequest;
import io.cowrite.bus.history.RangeResult;

/**
 * The history core, free of transport: validates requests, then delegates to the {@link OpLog}.
 * Append refusals are {@link AppendResult.Failed} results; refusals of reads are
 * {@link HistoryException.Rejected}. Thread-safe; blocking (calls the store).
 */
public final class HistoryService {
    private final OpLog log;
    private final int maxBatch;

    public HistoryService(OpLog log, int maxBatch) {
        this.log = log;
        this.maxBatch = maxBatch;
    }

    public StoredAppend append(AppendRequest request) {
        AppendResult.Failed invalid = validate(request);
        return invalid != null ? StoredAppend.rejected(invalid) : log.append(request);
    }

    private AppendResult.Failed validate(AppendRequest r) {
        if (!Subjects.isValidDocId(r.doc())) return new AppendResult.Failed(HistoryError.INVALID_DOC, "Bad document id");
        if (r.expectedVersion() < 0) return new AppendResult.Failed(HistoryError.BAD_VERSION, "expectedVersion < 0");
        if (r.ops().size() > maxBatch) {
            return new AppendResult.Failed(HistoryError.BAD_REQUEST, "More than " + maxBatch + " ops in one append");
        }
        for (NewOp op : r.ops()) {
            // Stored history must be invertible (restore, diff, undo), so {"d": N} deletes are refused.
            if (!op.op().isInvertible()) {
                return new AppendResult.Failed(HistoryError.INVALID_OP, "Ops must be in invertible form");
            }
        }
        return null;
    }

    public LoadResult load(LoadRequest request) {
        return log.load(requireDoc(request.doc()));
    }

    public RangeResult range(RangeRequest request) {
        if (request.from() < 0 || request.toExclusive() < request.from()) {
            throw new HistoryException.Rejected(HistoryError.BAD_REQUEST, "Need 0 <= from <= toExclusive");
        }
        return log.range(requireDoc(request.doc()), request.from(), request.toExclusive());
    }

    public HeadResult head(HeadRequest request) {
        String doc = requireDoc(request.doc());
        return new HeadResult(doc, log.head(doc));
    }

    private static String requireDoc(String doc) {
        if (!Subjects.isValidDocId(doc)) throw new HistoryException.Rejected(HistoryError.INVALID_DOC, "Bad document id");
        return doc;
    }
}
