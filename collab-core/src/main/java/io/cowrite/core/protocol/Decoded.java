package io.cowrite.core.protocol;

/**
 * The result of decoding one frame: either {@link Ok} with a valid message or {@link Failure} with the reply
 * error to send. Use a pattern-matching {@code switch}.
 *
 * <p>Thread-safe (immutable).
 *
 * @param <T> {@link ClientMessage} or {@link ServerMessage}
 */
public sealed interface Decoded<T> {

    /** True for {@link Ok}. */
    default boolean isOk() {
        return this instanceof Ok<T>;
    }

    /**
     * The message of an {@link Ok}.
     *
     * @throws IllegalStateException for a {@link Failure}, with its code and message
     */
    default T orElseThrow() {
        return switch (this) {
            case Ok<T> ok -> ok.message();
            case Failure<T> f -> throw new IllegalStateException(f.code().code() + ": " + f.message());
        };
    }

    /**
     * A valid message.
     *
     * @param message the message
     */
    record Ok<T>(T message) implements Decoded<T> {
        public Ok {
            Check.notNull("message", message);
        }
    }

    /**
     * A frame that is not a valid message.
     *
     * @param code    why; {@link ErrorCode#MESSAGE_TOO_BIG} means "close 4503", every other code is a reply error
     * @param message human-readable text naming the offending field
     * @param type    the frame's {@code type} when it is a known message type, else null (before {@code hello}
     *                the server closes 4502 whatever it is)
     * @param doc     the frame's {@code doc} when it could be read as a valid id, else null
     * @param seq     the frame's {@code seq} when it could be read as a valid seq, else null
     * @param detail  for {@link ErrorCode#INVALID_OP}, the op error code (e.g. {@code op_trailing_skip}), else null
     */
    record Failure<T>(ErrorCode code, String message, String type, DocId doc, Long seq, String detail)
            implements Decoded<T> {
        public Failure {
            Check.notNull("code", code);
            Check.notNull("message", message);
        }

        /** The {@code error} message to reply with (carrying doc and seq so the client can correlate it). */
        public ServerMessage.ErrorReply toReply() {
            return new ServerMessage.ErrorReply(code, message, doc, seq, detail);
        }
    }
}
