package io.cowrite.history.store;

import io.cowrite.history.api.LoadResult;
import io.cowrite.history.api.RangeResult;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The system of record: every document's ops, milestones and head. Implementations:
 * {@link PostgresHistoryStore} (production) and {@link InMemoryHistoryStore} (tests and demos).
 *
 * <p>Versions per document are contiguous from 0; an unknown document has head 0 and the empty text.
 * Reads may be served by any replica. Only a document's owner writes, and every write is fenced by the
 * owner's shard lease. Every method is thread-safe and blocking (call it off event loops); failures are
 * {@link StoreException}s.
 */
public interface HistoryStore {

    /** The latest milestone at or below the head plus every op after it: a consistent snapshot. */
    LoadResult load(String doc);

    /**
     * Ops with {@code from <= version < toExclusive}, at most {@code limit} of them, in version order,
     * starting at {@code from}; {@code more} when the page was cut.
     */
    RangeResult range(String doc, long from, long toExclusive, int limit);

    /** Head versions of {@code docs}, in one read; documents never written are absent. */
    Map<String, Long> heads(Collection<String> docs);

    /**
     * The highest seq {@code clientId} committed in {@code doc}, as {@code (seq, version)}; null if none.
     * Survives compaction (the op's row may be gone; its seq and version are kept).
     */
    SeqAt lastSeq(String doc, String clientId);

    /** The version (clientId, seq) was committed at in {@code doc}, if it was. */
    OptionalLong versionOf(String doc, String clientId, long seq);

    /**
     * Commits the batches of many documents in one transaction, all or nothing: checks that
     * {@code owner} still holds each batch's shard lease at its epoch (a fence: a replica whose lease
     * moved commits nothing) and each document's head is its batch's {@code expectedHead} (a second
     * fence), then writes ops, milestones and heads.
     *
     * @throws StoreException {@code FENCED} naming the lost shards, {@code CONFLICT}, {@code PERMANENT}
     *         or {@code RETRYABLE}; nothing was committed
     */
    void commit(String owner, List<DocBatch> batches);

    /**
     * The latest milestone of {@code doc} at or below {@code version} ({@link Milestone#EMPTY} when there is
     * none). Below the document's {@link #horizon} the ops after it may be gone: check the horizon first.
     */
    Milestone milestoneAtOrBelow(String doc, long version);

    /**
     * The oldest version of {@code doc} whose op is still stored: 0 until retention compacted it, then the
     * version of the milestone it kept. The text at every version from the horizon to the head can be built.
     */
    long horizon(String doc);

    /**
     * The documents retention can compact at {@code cutoff}: each with the highest milestone above its
     * horizon whose preceding op was committed before {@code cutoff}. Read-only; any replica may ask, only
     * the owner compacts.
     */
    List<Compactable> compactable(Instant cutoff);

    /**
     * Compacts {@code doc} below {@code milestone}, which must be a stored milestone above the horizon: in one
     * transaction fenced like {@link #commit} by {@code owner}'s lease of {@code shard} at {@code epoch},
     * keeps each client's last committed (seq, version) among the ops it deletes (so {@link #lastSeq} still
     * answers resends), deletes the ops and milestones below {@code milestone} and moves the horizon there.
     * Safe beside commits of the same document (they only add rows above the head). Idempotent.
     *
     * @return false when there was nothing to do (no such milestone, or the horizon is there already)
     * @throws StoreException {@code FENCED} when the lease moved, {@code RETRYABLE} or {@code PERMANENT}
     */
    boolean compact(String owner, int shard, long epoch, String doc, long milestone);

    /** How many documents retention has compacted (their horizon is above 0). */
    long compactedDocuments();

    /** A document retention can compact up to {@code milestone}. */
    record Compactable(String doc, long milestone) {
    }

    /** A client's seq and the version it was committed at. */
    record SeqAt(long seq, long version) {
    }
}
