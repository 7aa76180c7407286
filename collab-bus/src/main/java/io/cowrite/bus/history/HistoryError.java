package io.cowrite.bus.history;

/**
 * An error reply of history-service, with a stable code. {@code retryable} errors are temporary
 * (storage down, overloaded): retry later with the same request. Clients never parse {@code message}.
 */
public record HistoryError(String code, String message, boolean retryable) {
    /** The request could not be decoded or has invalid fields. */
    public static final String BAD_REQUEST = "bad_request";
    /** The document id is not {@code [A-Za-z0-9_-]{1,128}}. */
    public static final String INVALID_DOC = "invalid_doc";
    /** An op is not in invertible form, or does not apply to the document. */
    public static final String INVALID_OP = "invalid_op";
    /** {@code expectedVersion} is beyond the head (the caller is confused, not behind). */
    public static final String BAD_VERSION = "bad_version";
    /** The store is unreachable or failed; retryable. */
    public static final String UNAVAILABLE = "unavailable";
    /** Too many requests queued on this replica; retryable. */
    public static final String OVERLOADED = "overloaded";
    /** Any other failure on the server. */
    public static final String INTERNAL = "internal";

    public static HistoryError of(String code, String message) {
        boolean retryable = UNAVAILABLE.equals(code) || OVERLOADED.equals(code);
        return new HistoryError(code, message, retryable);
    }
}
