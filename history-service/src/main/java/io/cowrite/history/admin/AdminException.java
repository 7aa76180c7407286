package io.cowrite.history.admin;

/**
 * Why an admin read was refused; the controller maps each kind to one status and one stable code
 * ({@link Kind#code}). Messages are for people and never carry internals.
 */
public final class AdminException extends RuntimeException {
    /** The refusals, with their HTTP status and the {@code error} code of the body. */
    public enum Kind {
        INVALID_REQUEST(400, "invalid_request"),
        NOT_FOUND(404, "not_found"),
        /** The ops the answer needs were compacted away by retention. */
        COMPACTED(410, "compacted"),
        UNAVAILABLE(503, "unavailable");

        public final int status;
        public final String code;

        Kind(int status, String code) {
            this.status = status;
            this.code = code;
        }
    }

    private final Kind kind;

    public AdminException(Kind kind, String message) {
        this(kind, message, null);
    }

    public AdminException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static AdminException invalid(String message) {
        return new AdminException(Kind.INVALID_REQUEST, message);
    }
}
