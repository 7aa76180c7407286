package io.cowrite.core.protocol;

/**
 * Argument checks shared by the message records and the decoders. Every failure is an
 * {@link IllegalArgumentException} whose message names the field; the decoders turn it into
 * {@link ErrorCode#INVALID_FIELD}.
 */
final class Check {
    private Check() {
    }

    static <T> T notNull(String field, T value) {
        if (value == null) throw new IllegalArgumentException("Field '" + field + "' is required");
        return value;
    }

    /** A document version: 0..2^53-1. */
    static long version(String field, long v) {
        return range(field, v, 0, Protocol.MAX_SAFE_INTEGER);
    }

    /** A sequence number: 1..2^53-1. */
    static long seq(String field, long v) {
        return range(field, v, 1, Protocol.MAX_SAFE_INTEGER);
    }

    static long range(String field, long v, long min, long max) {
        if (v < min || v > max) throw new IllegalArgumentException(rangeMessage(field, min, max));
        return v;
    }

    static int range(String field, int v, int min, int max) {
        if (v < min || v > max) throw new IllegalArgumentException(rangeMessage(field, min, max));
        return v;
    }

    static String rangeMessage(String field, long min, long max) {
        return "Field '" + field + "' must be an integer from " + min + " to " + max;
    }

    static String clientId(String field, String s) {
        if (!Protocol.isValidClientId(s)) {
            throw new IllegalArgumentException("Field '" + field + "' must be 1-" + Protocol.MAX_CLIENT_ID_LENGTH
                    + " characters of [A-Za-z0-9_-]");
        }
        return s;
    }

    static String resume(String field, String s) {
        if (!Protocol.isValidResume(s)) {
            throw new IllegalArgumentException("Field '" + field + "' must be 1-" + Protocol.MAX_RESUME_LENGTH
                    + " characters of [A-Za-z0-9_-]");
        }
        return s;
    }

    static String session(String field, String s) {
        if (!Protocol.isValidSessionId(s)) {
            throw new IllegalArgumentException("Field '" + field + "' must be 1-" + Protocol.MAX_SESSION_ID_LENGTH
                    + " characters of [A-Za-z0-9_-]");
        }
        return s;
    }

    /** A required well-formed string of 0..max UTF-16 code units. */
    static String text(String field, String s, int max) {
        notNull(field, s);
        if (s.length() > max) {
            throw new IllegalArgumentException("Field '" + field + "' must be at most " + max + " characters");
        }
        if (!Protocol.isWellFormed(s)) {
            throw new IllegalArgumentException("Field '" + field + "' must not contain lone surrogates");
        }
        if (s.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("Field '" + field + "' must not contain U+0000");
        }
        return s;
    }

    /** An optional well-formed string: null passes. */
    static String optText(String field, String s, int max) {
        return s == null ? null : text(field, s, max);
    }

    /** A required non-empty well-formed string of 1..max UTF-16 code units. */
    static String nonEmpty(String field, String s, int max) {
        text(field, s, max);
        if (s.isEmpty()) throw new IllegalArgumentException("Field '" + field + "' must not be empty");
        return s;
    }

    static String name(String field, String s) {
        return text(field, s, Protocol.MAX_NAME_LENGTH);
    }

    static String color(String field, String s) {
        if (!Protocol.isColor(s)) throw new IllegalArgumentException("Field '" + field + "' must be a color #rrggbb");
        return s;
    }

    /** A ping id: null, a {@link Long} from 0 to 2^53-1, or a string of at most 64 code units. */
    static Object pingId(String field, Object id) {
        if (id == null) return null;
        if (id instanceof Long l) {
            range(field, l, 0, Protocol.MAX_SAFE_INTEGER);
            return l;
        }
        if (id instanceof String s) return text(field, s, Protocol.MAX_PING_ID_LENGTH);
        throw new IllegalArgumentException("Field '" + field + "' must be an integer or a string");
    }
}
