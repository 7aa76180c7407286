package io.cowrite.editor.session;

import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.ServerMessage;

/**
 * The answer to an HTTP transport request: a status and one protocol message (docs/protocol.md §13), or a
 * refusal with a code of §7 or the reason of a close code of §8. Immutable.
 *
 * @param status       the HTTP status
 * @param message      the body when it is a protocol message (ack, catchup, snapshot, welcome, error), else null
 * @param code         the refusal's code when {@code message} is null
 * @param text         the refusal's human-readable message
 * @param retryAfterS  the {@code Retry-After} header in seconds, or 0 for none
 */
public record HttpAnswer(int status, ServerMessage message, String code, String text, int retryAfterS) {

    public static HttpAnswer ok(ServerMessage m) {
        return new HttpAnswer(200, m, null, null, 0);
    }

    /** A reply error with the status of its code (§13's table). */
    public static HttpAnswer error(ServerMessage.ErrorReply e) {
        int status = statusOf(e.code());
        return new HttpAnswer(status, e, null, null, status == 429 || status == 503 ? 1 : 0);
    }

    public static HttpAnswer error(ErrorCode code, String message) {
        return error(new ServerMessage.ErrorReply(code, message, null, null, null));
    }

    /** A refusal named after a close code: the node drains or is full, the token is refused, a limit. */
    public static HttpAnswer refused(CloseCode close) {
        return switch (close) {
            case DRAINING -> new HttpAnswer(503, null, "draining", "this node is shutting down: retry on another node", 1);
            case NODE_FULL -> new HttpAnswer(503, null, "node_full", "this node is full: retry on another node", 1);
            case TRY_AGAIN_LATER -> new HttpAnswer(503, null, "try_again_later", "the node cannot serve this yet; retry", 1);
            case UNAUTHORIZED -> new HttpAnswer(401, null, "unauthorized", "send Authorization: Bearer <token>", 0);
            case TOO_MANY_CONNECTIONS -> new HttpAnswer(429, null, "too_many_connections",
                    "too many connections of this user or address on this node", 5);
            case FLOOD -> new HttpAnswer(429, null, "rate_limited", "far beyond the rate; wait at least 5 s", 5);
            default -> new HttpAnswer(503, null, "unavailable", "the request ended (" + close.reason() + "); retry", 1);
        };
    }

    /** The HTTP status of a reply error code (docs/protocol.md §13). */
    static int statusOf(ErrorCode code) {
        return switch (code) {
            case FORBIDDEN -> 403;
            case VERSION_AHEAD, VERSION_TOO_OLD, STALE_SEQ -> 409;
            case DOC_TOO_LARGE, STORAGE_REJECTED -> 422;
            case RATE_LIMITED -> 429;
            case UNAVAILABLE, INTERNAL -> 503;
            default -> 400;
        };
    }
}
