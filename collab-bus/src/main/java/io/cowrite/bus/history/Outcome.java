package io.cowrite.bus.history;

/** Where one op of an {@link AppendRequest} was committed, in request order. */
public record Outcome(long version) {
    public static Outcome committed(long version) {
        return new Outcome(version);
    }
}
