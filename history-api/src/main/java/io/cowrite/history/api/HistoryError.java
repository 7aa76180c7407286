package io.cowrite.history.api;

/**
 * An error reply to a read request of history-service (load, range, heads, secret), with a stable code.
 * {@code retryable} errors are temporary (storage down, overloaded): retry later with the same request.
 * Callers never parse {@code message}. Submits are answered with {@link SubmitResult} instead.
 */
public record HistoryError(String code, String message, boolean retryable) {
    /** The request could not be decoded or has invalid fields. */
    public static final String BAD_REQUEST = "bad_request";
    /** The document id is not {@code [A-Za-z0-9_-]{1,128}}. */
    public static final String INVALID_DOC = "invalid_doc";
    /** The store is unreachable or failed; retryable. */
    public static final String UNAVAILABLE = "unavailable";
    /**
     * A range starts below the document's retention horizon: those ops were compacted away and never come
     * back (an editor answers a client resuming from there with a resync snapshot).
     */
    public static final String COMPACTED = "compacted";
    /** Too many requests queued on this replica; retryable. */
    public static final String OVERLOADED = "overloaded";
    /** Any other failure on the server. */
    public static final String INTERNAL = "internal";

    public static HistoryError of(String code, String message) {
        boolean retryable = UNAVAILABLE.equals(code) || OVERLOADED.equals(code);
        return new HistoryError(code, message, retryable);
    }
}
