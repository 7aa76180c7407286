package io.cowrite.core.protocol;

/**
 * A participant of a document, as listed by {@code presence}.
 *
 * <p>Thread-safe (immutable).
 *
 * @param session the participant's public session id (never its client id, which other people must not learn)
 * @param name    display name, at most 64 code units, possibly empty
 * @param color   the color the server assigned, {@code #rrggbb}
 */
public record Peer(String session, String name, String color) {
    public Peer {
        Check.session("session", session);
        Check.name("name", name);
        Check.color("color", color);
    }
}
