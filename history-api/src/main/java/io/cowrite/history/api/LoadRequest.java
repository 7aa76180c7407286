package io.cowrite.history.api;

/** Asks for the latest milestone of {@code doc} plus every op after it. */
public record LoadRequest(String doc) {
}
