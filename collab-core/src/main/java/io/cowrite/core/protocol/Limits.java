package io.cowrite.core.protocol;

/**
 * The limits a server announces in {@code welcome}. All are 1..2^31-1.
 *
 * <p>Thread-safe (immutable).
 *
 * @param maxMessageBytes    the longest text frame the server reads, in UTF-8 bytes (beyond: close 1009 or 4503)
 * @param maxDocLength       the longest document, in code points (beyond: {@code doc_too_large})
 * @param opsPerSecond       sustained ops per second per connection (beyond: {@code rate_limited})
 * @param maxPendingMessages outbound messages the server queues for this client (beyond: close 4001)
 */
public record Limits(int maxMessageBytes, int maxDocLength, int opsPerSecond, int maxPendingMessages) {
    public Limits {
        Check.range("limits.maxMessageBytes", maxMessageBytes, 1, Integer.MAX_VALUE);
        Check.range("limits.maxDocLength", maxDocLength, 1, Integer.MAX_VALUE);
        Check.range("limits.opsPerSecond", opsPerSecond, 1, Integer.MAX_VALUE);
        Check.range("limits.maxPendingMessages", maxPendingMessages, 1, Integer.MAX_VALUE);
    }
}
