package io.cowrite.core.protocol;

/**
 * A participant of a document, as listed by {@code presence}.
 *
 * <p>Thread-safe (immutable).
 *
 * @param clientId the participant's client id
 * @param name     display name, at most 64 code units, possibly empty
 * @param color    the color the server assigned, {@code #rrggbb}
 */
public record Peer(String clientId, String name, String color) {
    public Peer {
        Check.clientId("clientId", clientId);
        Check.name("name", name);
        Check.color("color", color);
    }
}
