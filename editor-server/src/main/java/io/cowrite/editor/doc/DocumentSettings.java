package io.cowrite.editor.doc;

import java.time.Duration;

/**
 * Tunables of one document on an editor node (taken from {@code cowrite.editor.*}).
 *
 * @param recentOps     committed ops kept in memory per document for resumes and cursor transforms
 * @param maxReplay     most ops a resuming client is sent as a catch-up; beyond, a resync snapshot
 * @param deliveryGrace how long after its owner said an op committed this node waits for the batch on the
 *                      feed before fetching it (the feed may have lost it)
 * @param cursorInterval  shortest time between two relayed cursor updates of one session (the latest wins)
 */
public record DocumentSettings(int recentOps, int maxReplay, Duration deliveryGrace, Duration cursorInterval) {
    public static DocumentSettings defaults() {
        return new DocumentSettings(1000, 1000, Duration.ofMillis(200), Duration.ofMillis(50));
    }
}
