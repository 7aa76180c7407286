package io.cowrite.history;

/** The store failed (unreachable, constraint race, I/O). Nothing was committed; the caller may retry. */
public final class OpLogException extends RuntimeException {
    public OpLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
