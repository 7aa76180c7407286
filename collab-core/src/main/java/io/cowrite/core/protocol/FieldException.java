package io.cowrite.core.protocol;

/** A decoding failure inside the readers; caught by {@link ProtocolCodec}. No stack trace (cheap, expected). */
final class FieldException extends Exception {
    private final ErrorCode code;
    private final String detail;

    FieldException(ErrorCode code, String message) {
        this(code, message, null);
    }

    FieldException(ErrorCode code, String message, String detail) {
        super(message, null, false, false);
        this.code = code;
        this.detail = detail;
    }

    ErrorCode code() {
        return code;
    }

    String detail() {
        return detail;
    }
}
