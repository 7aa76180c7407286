package io.cowrite.presence.api;

import io.cowrite.core.protocol.DocId;

/** A node asks presence-service who is in {@code doc} (when its first session joins it, or presence returns). */
public record RosterRequest(String doc) {
    public RosterRequest {
        DocId.of(doc);
    }
}
