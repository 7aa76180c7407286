package io.cowrite.presence;

import java.util.concurrent.atomic.LongAdder;

/**
 * What this replica saw happen, counted for {@code /prometheus} ({@link PresenceMeters}). Thread-safe.
 */
public final class PresenceStats {
    /** Sessions added to the registry: by a {@code join}, or by a heartbeat that listed a session it missed. */
    public final LongAdder joins = new LongAdder();
    /** Sessions removed because they left: by a {@code leave}, or by a heartbeat that no longer listed them. */
    public final LongAdder leaves = new LongAdder();
    /** Sessions removed because their node went silent for longer than {@code node-ttl}. */
    public final LongAdder expired = new LongAdder();
    /** Messages on the presence subjects that could not be decoded or did not fit their subject (dropped). */
    public final LongAdder malformed = new LongAdder();
}
