package io.cowrite.history.owner;

import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.Protocol;
import io.cowrite.history.api.HistorySubjects;
import io.cowrite.history.api.ShardMap;
import io.cowrite.history.api.Submit;
import io.cowrite.history.api.SubmitResult;
import io.cowrite.history.store.HistoryStore;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * The documents this replica owns: a {@link DocumentSequencer} per document of every shard whose lease it
 * holds, created on the first submit. A submit for a shard it does not hold is {@code unavailable} (the
 * editor's request reached a replica during a takeover). {@link LeaseKeeper} tells it which shards it
 * holds; listeners (the bus endpoint) follow along to subscribe to the shards' subjects. Thread-safe.
 */
public final class Sequencers {
    /** Told when this replica starts or stops owning a shard. */
    public interface ShardListener {
        void took(int shard);

        void lost(int shard);
    }

    private record Owned(long epoch, Map<String, DocumentSequencer> docs) {
    }

    private final ShardMap shardMap;
    private final HistoryStore store;
    private final GroupCommitter committer;
    private final Announcer announcer;
    private final OwnerSettings settings;
    private final Executor pool;
    private final InstantSource clock;
    private final Map<Integer, Owned> owned = new ConcurrentHashMap<>();
    private final List<ShardListener> listeners = new CopyOnWriteArrayList<>();

    Sequencers(ShardMap shardMap, HistoryStore store, GroupCommitter committer, Announcer announcer,
               OwnerSettings settings, Executor pool, InstantSource clock) {
        this.shardMap = shardMap;
        this.store = store;
        this.committer = committer;
        this.announcer = announcer;
        this.settings = settings;
        this.pool = pool;
        this.clock = clock;
    }

    public void addListener(ShardListener listener) {
        listeners.add(listener);
        for (int shard : owned.keySet()) listener.took(shard);
    }

    /** Routes a submit to its document's sequencer, if this replica owns the document's shard. */
    public CompletableFuture<SubmitResult> submit(Submit s) {
        SubmitResult invalid = validate(s);
        if (invalid != null) return CompletableFuture.completedFuture(invalid);
        int shard = shardMap.shardOf(s.doc());
        Owned o = owned.get(shard);
        if (o == null) {
            return CompletableFuture.completedFuture(SubmitResult.Refused.unavailable(
                    "this replica does not own shard " + shard + " right now; resend"));
        }
        DocumentSequencer seq = o.docs().computeIfAbsent(s.doc(), d ->
                new DocumentSequencer(d, shard, o.epoch(), pool, store, committer, announcer, settings, clock));
        return seq.submit(s);
    }

    private static SubmitResult invalid(String why) {
        return new SubmitResult.Refused(ErrorCode.INVALID_FIELD, why, null);
    }

    private static SubmitResult validate(Submit s) {
        if (!HistorySubjects.isValidDocId(s.doc())) return new SubmitResult.Refused(ErrorCode.INVALID_DOC_ID, "bad document id", null);
        if (!Protocol.isValidClientId(s.clientId())) return invalid("bad client id");
        if (s.author() != null && (s.author().length() > Protocol.MAX_NAME_LENGTH || !Protocol.isStorable(s.author()))) {
            return invalid("bad author");
        }
        // PostgreSQL cannot store U+0000; editors refuse it at the edge, this guards the bus.
        if (!Protocol.isStorable(s.op())) {
            return new SubmitResult.Refused(ErrorCode.INVALID_OP, "text must not contain U+0000", "op_nul_character");
        }
        return null;
    }

    /**
     * Raises {@code doc}'s retention horizon on its sequencer (created if need be): bases below it are
     * refused from when the future completes. False when this replica does not own the document's shard.
     */
    public CompletableFuture<Boolean> raiseHorizon(String doc, long version) {
        int shard = shardMap.shardOf(doc);
        Owned o = owned.get(shard);
        if (o == null) return CompletableFuture.completedFuture(false);
        DocumentSequencer seq = o.docs().computeIfAbsent(doc, d ->
                new DocumentSequencer(d, shard, o.epoch(), pool, store, committer, announcer, settings, clock));
        return seq.raiseHorizon(version).thenApply(x -> true);
    }

    /** The shard of {@code doc}. */
    public int shardOf(String doc) {
        return shardMap.shardOf(doc);
    }

    /** The shards owned now, with their epochs. */
    public Map<Integer, Long> epochs() {
        Map<Integer, Long> out = new java.util.HashMap<>();
        owned.forEach((shard, o) -> out.put(shard, o.epoch()));
        return out;
    }

    public Set<Integer> shards() {
        return Set.copyOf(owned.keySet());
    }

    /** Number of documents with a live sequencer on this replica. */
    public int documents() {
        return owned.values().stream().mapToInt(o -> o.docs().size()).sum();
    }

    void took(int shard, long epoch) {
        owned.put(shard, new Owned(epoch, new ConcurrentHashMap<>()));
        for (ShardListener l : listeners) l.took(shard);
    }

    /** The lease is gone (lapsed, or released): stop every sequencer of the shard. */
    void lost(int shard) {
        Owned o = owned.remove(shard);
        if (o == null) return;
        for (ShardListener l : listeners) l.lost(shard);
        o.docs().values().forEach(DocumentSequencer::close);
        announcer.forget(shard);
    }
}
