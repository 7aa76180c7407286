package io.cowrite.bus;

/**
 * A bus operation failed. Each subclass is one cause that a caller handles differently; all are
 * temporary from the caller's point of view (retry later, or report "unavailable").
 */
public abstract sealed class BusException extends RuntimeException
        permits BusException.Timeout, BusException.NoResponders, BusException.Disconnected {

    protected BusException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A request got no answer within its timeout (the responder may still have acted on it). */
    public static final class Timeout extends BusException {
        public Timeout(String subject) {
            super("No reply on " + subject + " in time", null);
        }
    }

    /** A request found nobody subscribed to its subject (nothing was processed). */
    public static final class NoResponders extends BusException {
        public NoResponders(String subject) {
            super("No responders on " + subject, null);
        }
    }

    /** The bus is not connected (or closed), so the operation was not attempted or could not finish. */
    public static final class Disconnected extends BusException {
        public Disconnected(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
