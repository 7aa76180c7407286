package io.cowrite.history;

import io.cowrite.history.api.HeadsRequest;
import io.cowrite.history.api.HeadsResult;
import io.cowrite.history.api.HistoryError;
import io.cowrite.history.api.HistoryException;
import io.cowrite.history.api.HistorySubjects;
import io.cowrite.history.api.LoadRequest;
import io.cowrite.history.api.LoadResult;
import io.cowrite.history.api.RangeRequest;
import io.cowrite.history.api.RangeResult;
import io.cowrite.history.api.SecretRequest;
import io.cowrite.history.api.SecretResult;
import io.cowrite.history.store.HistoryStore;
import io.cowrite.history.store.StoreException;
import java.util.Set;

/**
 * The reads of history-service, free of transport: validates requests, then reads the store (any
 * replica serves them). Refusals are {@link HistoryException.Rejected}; store failures
 * {@link HistoryException.Unavailable}. Thread-safe; blocking (call it off event loops).
 */
public final class HistoryService {
    /** The secrets editor nodes may ask for; any other name is refused. */
    private static final Set<String> SECRET_NAMES = Set.of("identity", "admin-token");
    /** Most documents in one heads request. */
    private static final int MAX_HEADS = 10_000;

    private final HistoryStore store;
    private final ClusterSecrets secrets;
    private final int pageSize;

    public HistoryService(HistoryStore store, ClusterSecrets secrets, int pageSize) {
        this.store = store;
        this.secrets = secrets;
        this.pageSize = pageSize;
    }

    public LoadResult load(LoadRequest request) {
        String doc = requireDoc(request.doc());
        return guard(() -> store.load(doc));
    }

    public RangeResult range(RangeRequest request) {
        if (request.from() < 0 || request.toExclusive() < request.from()) {
            throw new HistoryException.Rejected(HistoryError.BAD_REQUEST, "Need 0 <= from <= toExclusive");
        }
        String doc = requireDoc(request.doc());
        RangeResult page = guard(() -> store.range(doc, request.from(), request.toExclusive(), pageSize));
        boolean wanted = request.from() < Math.min(request.toExclusive(), page.head());
        if (wanted && (page.ops().isEmpty() || page.ops().get(0).version() != request.from())) {
            throw new HistoryException.Rejected(HistoryError.COMPACTED, "Ops of " + doc + " from " + request.from()
                    + " were compacted by retention");
        }
        return page;
    }

    public HeadsResult heads(HeadsRequest request) {
        if (request.docs().size() > MAX_HEADS) {
            throw new HistoryException.Rejected(HistoryError.BAD_REQUEST, "At most " + MAX_HEADS + " documents");
        }
        request.docs().forEach(HistoryService::requireDoc);
        return guard(() -> new HeadsResult(store.heads(request.docs())));
    }

    public SecretResult secret(SecretRequest request) {
        if (!SECRET_NAMES.contains(request.name())) {
            throw new HistoryException.Rejected(HistoryError.BAD_REQUEST, "Unknown secret");
        }
        return guard(() -> new SecretResult(request.name(), secrets.getOrCreate(request.name())));
    }

    private interface Read<T> {
        T run();
    }

    private static <T> T guard(Read<T> read) {
        try {
            return read.run();
        } catch (StoreException e) {
            throw new HistoryException.Unavailable(HistoryError.UNAVAILABLE, "Store unavailable", e);
        }
    }

    private static String requireDoc(String doc) {
        if (!HistorySubjects.isValidDocId(doc)) throw new HistoryException.Rejected(HistoryError.INVALID_DOC, "Bad document id");
        return doc;
    }
}
