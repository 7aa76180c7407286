package io.cowrite.bus.history;

/** The head version of {@code doc}: the number of ops committed. */
public record HeadResult(String doc, long head) {
}
