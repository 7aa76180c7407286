package io.cowrite.presence.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.cowrite.core.protocol.DocId;

/**
 * What happens to a document's people: published on the document's presence subject by the node that
 * holds the session (and, for expired sessions, by presence-service). Every event names the node it is
 * about, so a node can ignore its own events coming back.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PresenceEvent.Joined.class, name = "join"),
    @JsonSubTypes.Type(value = PresenceEvent.Moved.class, name = "cursor"),
    @JsonSubTypes.Type(value = PresenceEvent.Left.class, name = "leave")
})
public sealed interface PresenceEvent {
    String doc();

    String session();

    String node();

    /** A session joined the document (or was announced again). */
    record Joined(PresenceSession who) implements PresenceEvent {
        public Joined {
            if (who == null) throw new IllegalArgumentException("who is required");
        }

        @Override
        @JsonIgnore
        public String doc() {
            return who.doc();
        }

        @Override
        @JsonIgnore
        public String session() {
            return who.session();
        }

        @Override
        @JsonIgnore
        public String node() {
            return who.node();
        }
    }

    /** A session's selection, in code points, at document {@code version}. */
    record Moved(String doc, String session, String node, long version, int anchor, int head) implements PresenceEvent {
        public Moved {
            DocId.of(doc);
            if (session == null || session.isEmpty() || session.length() > 128) throw new IllegalArgumentException("session must be 1-128 characters");
            if (node == null || node.isEmpty()) throw new IllegalArgumentException("node is required");
            if (version < 0 || anchor < 0 || head < 0) throw new IllegalArgumentException("version, anchor and head must be >= 0");
        }
    }

    /** A session left the document; {@code reason} {@code left} (it said so or disconnected) or {@code expired}. */
    record Left(String doc, String session, String node, String reason) implements PresenceEvent {
        public static final String LEFT = "left";
        public static final String EXPIRED = "expired";

        public Left {
            DocId.of(doc);
            if (session == null || session.isEmpty() || session.length() > 128) throw new IllegalArgumentException("session must be 1-128 characters");
            if (node == null || node.isEmpty()) throw new IllegalArgumentException("node is required");
            if (!LEFT.equals(reason) && !EXPIRED.equals(reason)) throw new IllegalArgumentException("reason must be left or expired");
        }
    }
}
