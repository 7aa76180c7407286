package io.cowrite.history.api;

/** Asks for the committed ops with {@code from <= version < toExclusive}. */
public record RangeRequest(String doc, long from, long toExclusive) {
}
