package io.cowrite.history;

import io.cowrite.bus.history.AppendRequest;
import io.cowrite.bus.history.LoadResult;
import io.cowrite.bus.history.RangeResult;

/**
 * The op log of every document: the storage port of history-service. Implementations:
 * {@link PostgresOpLog} (production) and {@link InMemoryOpLog} (tests and demos).
 *
 * <p>Versions per document are contiguous from 0; an unknown document has head 0 and the empty text.
 * Every method is thread-safe and may be called concurrently from several threads and, for
 * {@link PostgresOpLog}, from several replicas; each blocks its caller (call it off event loops).
 */
public interface OpLog {

    /**
     * Compare-and-set append of a batch, atomically: either the whole batch is committed (ops in request
     * order at consecutive versions from the head, plus any milestone it crosses) or nothing is.
     * <ul>
     *   <li>head != expectedVersion: {@link io.cowrite.bus.history.AppendResult.Conflict} with the ops
     *       from expectedVersion (one page), or {@code Failed(bad_version)} when expectedVersion is past the head;</li>
     *   <li>otherwise, if any op's (clientId, seq) is already committed: {@code Duplicate} naming each such op
     *       with its original version, and NOTHING is written (the batch's later ops were transformed
     *       assuming the earlier ones apply, so a partial batch would corrupt the document);</li>
     *   <li>the same (clientId, seq) twice in one batch: {@code Failed(bad_request)}.</li>
     * </ul>
     * Idempotent by (clientId, seq): resending a committed batch commits nothing new.
     *
     * @throws OpLogException when the store fails (nothing committed)
     */
    StoredAppend append(AppendRequest request);

    /** The latest milestone at or below the head plus every op after it. A consistent snapshot. */
    LoadResult load(String doc);

    /**
     * Ops with {@code from <= version < toExclusive}, at most {@link OpLogSettings#pageSize()} of them,
     * in version order, starting at {@code from}; {@code more} when the page was cut.
     */
    RangeResult range(String doc, long from, long toExclusive);

    /** The head version (number of committed ops); 0 for an unknown document. */
    long head(String doc);
}
