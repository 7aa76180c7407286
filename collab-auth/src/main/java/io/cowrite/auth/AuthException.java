package io.cowrite.auth;

/** A credential was refused. {@link #reason()} is a stable, short code for logs and close reasons. */
public final class AuthException extends Exception {
    /** Why a credential was refused. */
    public enum Reason { MISSING, INVALID, EXPIRED, UNAVAILABLE }

    private final Reason reason;

    public AuthException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
