package io.cowrite.presence;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cowrite.presence.api.PresenceEvent;
import io.cowrite.presence.api.PresenceSession;
import io.cowrite.presence.api.Roster;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The JSON bodies of the presence API ({@link PresenceController}; docs/operations.md shows them). Records
 * whose component names are the JSON keys; every key is always present ({@code "user": null} for an
 * anonymous person, {@code "cursor": null} before one was sent, {@code []} for none), whatever the service's
 * Jackson defaults. {@code warm: false} says the replica has not heard every node yet, so the answer may be
 * short.
 */
final class PresenceViews {
    private PresenceViews() {
    }

    /** {@code GET /presence/documents/{doc}}: the people in a document, each with their sessions. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DocumentView(String doc, boolean warm, List<Person> people) {
    }

    /**
     * One person: a signed-in user with all their sessions (tabs) in the document, or one anonymous session
     * (the open mode has no user ids, so anonymous sessions cannot be told apart as people).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Person(String user, String name, List<Session> sessions) {
    }

    /** One session: where it is connected, its color, since when (epoch ms) and its latest cursor (or null). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Session(String session, String node, String color, long since, Cursor cursor) {
    }

    /** A selection in code points at a document version. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Cursor(long version, int anchor, int head) {
    }

    /** {@code GET /presence/users/{user}}: the documents a user is in, with their sessions, and the nodes they use. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record UserView(String user, boolean warm, List<UserDocument> documents, List<String> nodes) {
    }

    /** The user's sessions in one document. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record UserDocument(String doc, String name, List<Session> sessions) {
    }

    static DocumentView document(Roster roster, boolean warm) {
        Map<String, PresenceEvent.Moved> cursors = new LinkedHashMap<>();
        for (PresenceEvent.Moved c : roster.cursors()) cursors.put(c.session(), c);
        Map<String, List<PresenceSession>> byPerson = new LinkedHashMap<>(); // sessions come by join time
        for (PresenceSession s : roster.sessions()) {
            byPerson.computeIfAbsent(s.user() == null ? "anonymous:" + s.session() : "user:" + s.user(), k -> new ArrayList<>()).add(s);
        }
        List<Person> people = new ArrayList<>(byPerson.size());
        for (List<PresenceSession> sessions : byPerson.values()) {
            PresenceSession first = sessions.get(0);
            people.add(new Person(first.user(), first.name(), sessions(sessions, (doc, id) -> cursors.get(id))));
        }
        return new DocumentView(roster.doc(), warm, people);
    }

    /** @param cursorOf the latest cursor of (doc, session), or null */
    static UserView user(String user, List<PresenceSession> sessions, boolean warm,
                         BiFunction<String, String, PresenceEvent.Moved> cursorOf) {
        Map<String, List<PresenceSession>> byDoc = new LinkedHashMap<>();
        LinkedHashSet<String> nodes = new LinkedHashSet<>();
        for (PresenceSession s : sessions) {
            byDoc.computeIfAbsent(s.doc(), d -> new ArrayList<>()).add(s);
            nodes.add(s.node());
        }
        List<UserDocument> documents = new ArrayList<>(byDoc.size());
        for (List<PresenceSession> inDoc : byDoc.values()) {
            documents.add(new UserDocument(inDoc.get(0).doc(), inDoc.get(0).name(), sessions(inDoc, cursorOf)));
        }
        return new UserView(user, warm, documents, nodes.stream().sorted().toList());
    }

    private static List<Session> sessions(List<PresenceSession> sessions, BiFunction<String, String, PresenceEvent.Moved> cursorOf) {
        List<Session> out = new ArrayList<>(sessions.size());
        for (PresenceSession s : sessions) {
            PresenceEvent.Moved c = cursorOf.apply(s.doc(), s.session());
            out.add(new Session(s.session(), s.node(), s.color(), s.since(),
                    c == null ? null : new Cursor(c.version(), c.anchor(), c.head())));
        }
        return out;
    }
}
