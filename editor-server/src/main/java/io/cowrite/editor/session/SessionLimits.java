package io.cowrite.editor.session;

import java.time.Duration;

/**
 * Per-connection bounds (from {@code cowrite.editor.*}).
 *
 * @param maxMessageBytes   largest client message (all fragments), in UTF-8 bytes
 * @param opsPerSecond      sustained submits per connection; bursts up to twice that
 * @param maxPendingMessages frames queued to a client and not yet written; beyond, close 4001
 * @param maxPendingBytes   bytes queued to a client and not yet written (one frame of any size is allowed); beyond, close 4001
 * @param maxDocsPerConnection documents one connection may have joined at once
 * @param maxInvalidMessages invalid frames tolerated per connection per minute; beyond, close 4003
 * @param helloTimeout      time allowed between connect and hello; beyond, close 4002
 * @param joinsPerSecond    joins per connection per second (bursts of twice that); beyond, {@code rate_limited}
 * @param pingsPerSecond    pings answered per connection per second (bursts of twice that); beyond, unanswered
 */
public record SessionLimits(int maxMessageBytes, int opsPerSecond, int maxPendingMessages, long maxPendingBytes,
                            int maxDocsPerConnection, int maxInvalidMessages, Duration helloTimeout, double joinsPerSecond,
                            double pingsPerSecond) {
}
