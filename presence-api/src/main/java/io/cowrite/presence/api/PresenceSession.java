package io.cowrite.presence.api;

import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.Peer;

/**
 * One WebSocket session in one document, as presence knows it. A user with three tabs in a document is
 * one person with three sessions.
 *
 * @param session the public session id ({@code welcome.sessionId}); never a client id
 * @param doc     the document id
 * @param user    the user id, or null for an anonymous user of the open mode
 * @param name    the display name
 * @param color   the color the node assigned in this document, {@code #rrggbb}
 * @param node    the editor node that holds the connection
 * @param since   when the session joined the document, epoch milliseconds
 */
public record PresenceSession(String session, String doc, String user, String name, String color, String node, long since) {
    public PresenceSession {
        new Peer(session, name, color); // validates session, name and color as the protocol does
        DocId.of(doc);
        if (user != null && (user.isEmpty() || user.length() > 256)) throw new IllegalArgumentException("user must be 1-256 characters");
        if (node == null || node.isEmpty() || node.length() > 1024) throw new IllegalArgumentException("node must be 1-1024 characters");
    }

    /** The session as clients see it. */
    public Peer peer() {
        return new Peer(session, name, color);
    }
}
