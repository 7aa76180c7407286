package io.cowrite.bus.history;

/** Asks for the head version of {@code doc} (0 for an unknown document). */
public record HeadRequest(String doc) {
}
