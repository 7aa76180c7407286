package io.cowrite.presence.api;

import io.cowrite.core.protocol.DocId;
import java.util.List;

/** Everyone in a document, on every node, with their last cursors: the answer to a {@link RosterRequest}. */
public record Roster(String doc, List<PresenceSession> sessions, List<PresenceEvent.Moved> cursors) {
    public Roster {
        DocId.of(doc);
        sessions = List.copyOf(sessions);
        cursors = List.copyOf(cursors);
    }
}
