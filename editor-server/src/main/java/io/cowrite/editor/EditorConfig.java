package io.cowrite.editor;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Every tunable of an editor node, under {@code cowrite.editor}. Documented in docs/operations.md.
 *
 * @param nodeId             this node's name in welcomes and logs (default: a random id)
 * @param maxMessageBytes    largest client message, all fragments, in UTF-8 bytes; beyond, close 4503
 * @param maxDocLength       largest document, in code points; beyond, {@code doc_too_large}
 * @param opsPerSecond       submits per connection per second (bursts of twice that); beyond, {@code rate_limited}
 * @param maxPendingMessages frames queued to one client; beyond, close 4001 slow_consumer
 * @param maxDocsPerConnection documents one connection may have joined; beyond, {@code too_many_docs}
 * @param maxInvalidMessages invalid frames per connection per minute; beyond, close 4003 flood
 * @param helloTimeout       time to send hello after connecting; beyond, close 4002
 * @param idleTimeout        time a connection may stay silent (clients ping after 20 s of silence); beyond, close 4002
 * @param recentOps          committed ops kept in memory per document
 * @param maxReplay          most ops replayed to a resuming client; beyond, a resync snapshot
 * @param maxBatch           most ops in one group-commit append
 * @param maxQueued          most submits waiting per document while storage is unreachable
 * @param maxConflictRetries conflicts one batch may meet before its submits are rejected (retryable)
 * @param historyTimeout     timeout of one request to history-service
 * @param headCheckInterval  how often each open document compares its version with history-service's head
 */
@ConfigurationProperties("cowrite.editor")
public record EditorConfig(
        @Bindable(defaultValue = "") String nodeId,
        @Bindable(defaultValue = "1048576") int maxMessageBytes,
        @Bindable(defaultValue = "1000000") int maxDocLength,
        @Bindable(defaultValue = "50") int opsPerSecond,
        @Bindable(defaultValue = "1000") int maxPendingMessages,
        @Bindable(defaultValue = "20") int maxDocsPerConnection,
        @Bindable(defaultValue = "30") int maxInvalidMessages,
        @Bindable(defaultValue = "10s") Duration helloTimeout,
        @Bindable(defaultValue = "60s") Duration idleTimeout,
        @Bindable(defaultValue = "1000") int recentOps,
        @Bindable(defaultValue = "1000") int maxReplay,
        @Bindable(defaultValue = "256") int maxBatch,
        @Bindable(defaultValue = "10000") int maxQueued,
        @Bindable(defaultValue = "50") int maxConflictRetries,
        @Bindable(defaultValue = "5s") Duration historyTimeout,
        @Bindable(defaultValue = "5s") Duration headCheckInterval) {
}
