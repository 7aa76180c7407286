package io.cowrite.core.protocol;

import java.util.Optional;

/**
 * Reply errors: the {@code code} of an {@code error} message. The connection stays open. Each code has a fixed
 * {@link #retryable()} flag: true means "the same message may succeed later, resend it after a backoff";
 * false means "resending the same message will fail again". Codes are stable wire strings and never renamed;
 * see the table in {@code docs/protocol.md}.
 */
public enum ErrorCode {
    /** The frame is not JSON, not a JSON object, or breaks the strict JSON rules (duplicate keys, trailing data, too deep). */
    INVALID_JSON("invalid_json", false),
    /** {@code type} is a string but not a message type of this protocol version. */
    UNKNOWN_TYPE("unknown_type", false),
    /** A field is missing, has the wrong JSON type or is out of range; the message names the field. */
    INVALID_FIELD("invalid_field", false),
    /** {@code doc} is not 1–128 characters of {@code [A-Za-z0-9_-]}. */
    INVALID_DOC_ID("invalid_doc_id", false),
    /** The op is malformed or does not apply to the document; {@code detail} is the op error code, e.g. {@code op_trailing_skip}. */
    INVALID_OP("invalid_op", false),
    /**
     * The frame is longer than the decoder accepts. Reported by {@link ProtocolCodec} only: the server closes
     * with {@link CloseCode#MESSAGE_TOO_BIG} instead of replying.
     */
    MESSAGE_TOO_BIG("message_too_big", false),
    /** {@code op}, {@code cursor} or {@code leave} for a document this connection has not joined. */
    NOT_JOINED("not_joined", false),
    /** {@code join} for a document this connection has already joined. */
    ALREADY_JOINED("already_joined", false),
    /** The token does not grant access to this document. */
    FORBIDDEN("forbidden", false),
    /** {@code base} (op), {@code version} (join, cursor) is greater than the document's current version. */
    VERSION_AHEAD("version_ahead", false),
    /** {@code base} is older than the history the server can transform against; the client must join again. */
    VERSION_TOO_OLD("version_too_old", false),
    /** {@code seq} is lower than the last committed seq of this client in this document and is not that op. */
    STALE_SEQ("stale_seq", false),
    /** Committing the op would make the document longer than {@code limits.maxDocLength} code points. */
    DOC_TOO_LARGE("doc_too_large", false),
    /**
     * Storage refused the op for a reason that retrying cannot fix (a data exception or constraint of the
     * database). The op was not committed; the document goes on without it.
     */
    STORAGE_REJECTED("storage_rejected", false),
    /** This connection has joined as many documents as the server allows. */
    TOO_MANY_DOCS("too_many_docs", false),
    /** More than {@code limits.opsPerSecond} ops; the op was not committed; resend it (same seq and base) later. */
    RATE_LIMITED("rate_limited", true),
    /**
     * Storage or the message bus is unreachable. An op may or may not have been committed: resend it later with
     * the same seq (deduplication makes that safe: a committed op is acked with its original version).
     */
    UNAVAILABLE("unavailable", true),
    /** An unexpected server fault; like {@link #UNAVAILABLE}, resend later with the same seq. */
    INTERNAL("internal", true);

    private final String code;
    private final boolean retryable;

    ErrorCode(String code, boolean retryable) {
        this.code = code;
        this.retryable = retryable;
    }

    /** The stable wire code, e.g. {@code invalid_field}. */
    public String code() {
        return code;
    }

    /** Whether resending the same message later may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** The constant for a wire code, if there is one. */
    public static Optional<ErrorCode> fromCode(String code) {
        for (ErrorCode c : values()) {
            if (c.code.equals(code)) return Optional.of(c);
        }
        return Optional.empty();
    }
}
