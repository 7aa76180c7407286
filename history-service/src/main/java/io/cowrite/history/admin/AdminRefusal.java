package io.cowrite.history.admin;

/**
 * A restore or undo refused, with the HTTP status and the stable error code the API answers
 * ({@code invalid_request} 400, {@code not_found} 404, {@code conflict} 409, {@code unavailable} 503).
 */
final class AdminRefusal extends RuntimeException {
    private final int status;
    private final String code;

    AdminRefusal(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static AdminRefusal invalid(String message) {
        return new AdminRefusal(400, "invalid_request", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
