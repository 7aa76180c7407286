package io.cowrite.history.api;

/**
 * A history RPC failed. {@link Unavailable}: history-service could not be reached or is temporarily
 * unable (bus down, timeout, no replica, storage down): retry with the same request, which is safe for
 * appends because (clientId, seq) makes them idempotent. {@link Rejected}: the request itself is wrong;
 * retrying the same request will fail again.
 */
public abstract sealed class HistoryException extends RuntimeException
        permits HistoryException.Unavailable, HistoryException.Rejected {

    private final String code;

    protected HistoryException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** A stable code from {@link HistoryError}. */
    public String code() {
        return code;
    }

    public static final class Unavailable extends HistoryException {
        public Unavailable(String code, String message, Throwable cause) {
            super(code, message, cause);
        }
    }

    public static final class Rejected extends HistoryException {
        public Rejected(String code, String message) {
            super(code, message, null);
        }
    }

    /** The exception a client throws for an error reply. */
    public static HistoryException of(HistoryError error) {
        return error.retryable()
                ? new Unavailable(error.code(), error.message(), null)
                : new Rejected(error.code(), error.message());
    }
}
