package io.cowrite.core.ot;

/** An operation was rejected; {@link #error()} carries the stable code. Checked, so callers decide at the edge. */
public final class OtException extends Exception {
    private final OtError error;

    public OtException(OtError error) {
        this(error, error.message());
    }

    public OtException(OtError error, String detail) {
        super(detail, null, false, false);
        this.error = error;
    }

    public OtError error() {
        return error;
    }
}
