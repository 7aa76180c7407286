package io.cowrite.core.protocol;

import java.util.Optional;

/**
 * WebSocket close codes used by Cowrite, with the client's reconnect rule. Ranges (for codes a client does not
 * know): 1000 normal (no reconnect), other 1000–3999 reconnect with backoff, 4000–4499 transient (reconnect with
 * backoff), 4500–4999 terminal (do not reconnect until something changes: new token, new client version,
 * user action). See {@code docs/protocol.md}.
 */
public enum CloseCode {
    /** Normal closure (the client left, or the server ends a session on purpose). */
    NORMAL(1000, "normal", Reconnect.NO),
    /** The server is shutting down. */
    GOING_AWAY(1001, "going_away", Reconnect.WITH_BACKOFF),
    /**
     * The peer broke the WebSocket framing itself (RFC 6455 §7.4.1), e.g. a frame with reserved bits set
     * when no extension was negotiated. A conforming client never sees it.
     */
    PROTOCOL_ERROR(1002, "protocol_error", Reconnect.WITH_BACKOFF),
    /** Sent by the WebSocket transport for a frame above its limit; reconnect but never resend that message. */
    TRANSPORT_MESSAGE_TOO_BIG(1009, "message_too_big", Reconnect.WITH_BACKOFF),
    /** The node cannot serve this connection yet (it is starting); reconnect with backoff. RFC 6455 "Try Again Later". */
    TRY_AGAIN_LATER(1013, "try_again_later", Reconnect.WITH_BACKOFF),
    /** The node is draining (usually after a {@code reconnect} message); reconnect, preferably to its {@code url}. */
    DRAINING(4000, "draining", Reconnect.WITH_BACKOFF),
    /** The client did not read fast enough and its outbound queue filled up. */
    SLOW_CONSUMER(4001, "slow_consumer", Reconnect.WITH_BACKOFF),
    /** No {@code hello} in time after connecting, or no message (e.g. {@code ping}) within the heartbeat timeout. */
    TIMEOUT(4002, "timeout", Reconnect.WITH_BACKOFF),
    /** Too many invalid messages, or the rate limit exceeded by far. */
    FLOOD(4003, "flood", Reconnect.WITH_BACKOFF),
    /** An unexpected server fault that broke the session. */
    INTERNAL_ERROR(4004, "internal_error", Reconnect.WITH_BACKOFF),
    /** The server (or this client id / user) has too many connections. */
    TOO_MANY_CONNECTIONS(4005, "too_many_connections", Reconnect.WITH_BACKOFF),
    /** The node is at its connection cap: reconnect (the load balancer picks another node, the full one is not ready). */
    NODE_FULL(4006, "node_full", Reconnect.WITH_BACKOFF),
    /** {@code hello.protocol} is a version this server does not speak. */
    UNSUPPORTED_PROTOCOL(4500, "unsupported_protocol", Reconnect.AFTER_CHANGE),
    /** The token is missing, invalid or expired. */
    UNAUTHORIZED(4501, "unauthorized", Reconnect.AFTER_CHANGE),
    /** A binary frame, a message before {@code hello}, a second {@code hello}, or an invalid {@code hello}. */
    PROTOCOL_VIOLATION(4502, "protocol_violation", Reconnect.AFTER_CHANGE),
    /** A text frame longer than {@code limits.maxMessageBytes}. */
    MESSAGE_TOO_BIG(4503, "message_too_big", Reconnect.AFTER_CHANGE);

    /** What a client does after a close. */
    public enum Reconnect {
        /** Do not reconnect automatically. */
        NO,
        /** Reconnect with exponential backoff and jitter, then resume. */
        WITH_BACKOFF,
        /** Do not reconnect until something changes (token, client version, user action). */
        AFTER_CHANGE
    }

    private final int code;
    private final String reason;
    private final Reconnect reconnect;

    CloseCode(int code, String reason, Reconnect reconnect) {
        this.code = code;
        this.reason = reason;
        this.reconnect = reconnect;
    }

    /** The numeric WebSocket close code. */
    public int code() {
        return code;
    }

    /** The close reason to send, ASCII, at most 123 bytes (the WebSocket limit). */
    public String reason() {
        return reason;
    }

    /** The client's reconnect rule for this code. */
    public Reconnect reconnect() {
        return reconnect;
    }

    /** The constant for a numeric code, if there is one. */
    public static Optional<CloseCode> fromCode(int code) {
        for (CloseCode c : values()) {
            if (c.code == code) return Optional.of(c);
        }
        return Optional.empty();
    }

    /** The reconnect rule for any received code, known or not, by the ranges above. */
    public static Reconnect ruleFor(int code) {
        Optional<CloseCode> known = fromCode(code);
        if (known.isPresent()) return known.get().reconnect;
        if (code >= 4500 && code <= 4999) return Reconnect.AFTER_CHANGE;
        return Reconnect.WITH_BACKOFF;
    }
}
