package io.cowrite.bus.history;

/**
 * What became of one op of an {@link AppendRequest}, in request order: committed at {@code version},
 * or {@code duplicate} of the op committed earlier at {@code version} with the same (clientId, seq).
 * Either way the client is acked with {@code version}.
 */
public record Outcome(long version, boolean duplicate) {
    public static Outcome committed(long version) {
        return new Outcome(version, false);
    }

    public static Outcome duplicateOf(long version) {
        return new Outcome(version, true);
    }
}
