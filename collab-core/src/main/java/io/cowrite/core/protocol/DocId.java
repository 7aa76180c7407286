package io.cowrite.core.protocol;

/**
 * A document id: 1–128 characters of {@code [A-Za-z0-9_-]}, so that it is usable as a NATS subject token,
 * a file name and a URL path segment without escaping. Ids are case-sensitive.
 *
 * <p>Thread-safe (immutable).
 *
 * @param value the id
 */
public record DocId(String value) {
    /** Longest id, in characters. */
    public static final int MAX_LENGTH = 128;

    /**
     * Validates.
     *
     * @throws IllegalArgumentException when {@code value} is null or not a valid id
     */
    public DocId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("Invalid document id: must be 1-" + MAX_LENGTH
                    + " characters of [A-Za-z0-9_-]");
        }
    }

    /**
     * The validating factory.
     *
     * @throws IllegalArgumentException when {@code value} is null or not a valid id
     */
    public static DocId of(String value) {
        return new DocId(value);
    }

    /** True when {@code value} is 1–128 characters of {@code [A-Za-z0-9_-]}. */
    public static boolean isValid(String value) {
        return Protocol.isToken(value, MAX_LENGTH);
    }

    /** The id itself. */
    @Override
    public String toString() {
        return value;
    }
}
