package io.cowrite.editor.session;

import java.time.Duration;

/**
 * Per-connection bounds (from {@code cowrite.editor.*}).
 *
 * @param maxMessageBytes   largest client message (all fragments), in UTF-8 bytes
 * @param opsPerSecond      sustained submits per connection; bursts up to twice that
 * @param maxPendingMessages frames queued to a client and not yet written; beyond, close 4001
 * @param maxDocsPerConnection documents one connection may have joined at once
 * @param maxInvalidMessages invalid frames tolerated per connection per minute; beyond, close 4003
 * @param helloTimeout      time allowed between connect and hello; beyond, close 4002
 */
public record SessionLimits(int maxMessageBytes, int opsPerSecond, int maxPendingMessages, int maxDocsPerConnection,
                            int maxInvalidMessages, Duration helloTimeout) {
}
