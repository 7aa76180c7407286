package io.cowrite.editor.doc;

import java.time.Duration;

/**
 * Tunables of one document's sequencer (taken from {@code cowrite.editor.*}).
 *
 * @param recentOps          committed ops kept in memory per document for transforms and resumes
 * @param maxReplay          most ops a resuming client is sent as a catch-up; beyond, a resync snapshot
 * @param maxDocLength       largest document, in code points; a submit that would exceed it is rejected
 * @param maxBatch           most ops in one group-commit append
 * @param maxQueued          most submits waiting per document (history down); beyond, {@code unavailable}
 * @param maxConflictRetries conflicts one batch may meet before its submits are rejected (retryable)
 * @param retryBackoff       first delay before re-trying a failed append (doubles, capped at 2 s)
 */
public record DocumentSettings(int recentOps, int maxReplay, int maxDocLength, int maxBatch, int maxQueued,
                               int maxConflictRetries, Duration retryBackoff) {
    public static DocumentSettings defaults() {
        return new DocumentSettings(1000, 1000, 1_000_000, 256, 10_000, 50, Duration.ofMillis(50));
    }
}
