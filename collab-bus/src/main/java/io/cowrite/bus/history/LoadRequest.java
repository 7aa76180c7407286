package io.cowrite.bus.history;

/** Asks for the latest milestone of {@code doc} plus every op after it. */
public record LoadRequest(String doc) {
}
