package io.cowrite.history.store;

/** The full text of a document at {@code version}. Version 0 is the implicit empty document. */
public record Milestone(long version, String text) {
    public static final Milestone EMPTY = new Milestone(0, "");
}
