package io.cowrite.history.store;

import java.util.Set;

/**
 * A store operation failed; nothing was committed. {@link #kind()} says what the caller can do:
 * <ul>
 *   <li>{@link Kind#RETRYABLE}: an outage (unreachable, restarting, a deadlock, I/O): the same request may
 *       succeed later;</li>
 *   <li>{@link Kind#PERMANENT}: the database refused the data itself (a data exception, a constraint) and
 *       will refuse it again;</li>
 *   <li>{@link Kind#FENCED}: the committing replica no longer holds the lease of {@link #shards()}: it must
 *       stop sequencing their documents;</li>
 *   <li>{@link Kind#CONFLICT}: a document's head was not the expected one (someone else wrote it): the
 *       owner's view is stale and must be reloaded.</li>
 * </ul>
 */
public final class StoreException extends RuntimeException {
    /** What went wrong, from the caller's point of view. */
    public enum Kind { RETRYABLE, PERMANENT, FENCED, CONFLICT }

    private final Kind kind;
    private final Set<Integer> shards;

    public StoreException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, Set.of());
    }

    public StoreException(Kind kind, String message, Throwable cause, Set<Integer> shards) {
        super(message, cause);
        this.kind = kind;
        this.shards = Set.copyOf(shards);
    }

    public Kind kind() {
        return kind;
    }

    /** For {@link Kind#FENCED}: the shards whose lease the caller lost. */
    public Set<Integer> shards() {
        return shards;
    }

    /** An SQL failure sorted by {@link SqlFailures}. */
    public static StoreException of(String what, java.sql.SQLException e) {
        Kind kind = SqlFailures.isPermanent(e) ? Kind.PERMANENT : Kind.RETRYABLE;
        return new StoreException(kind, what + " failed: " + e.getMessage(), e);
    }
}
