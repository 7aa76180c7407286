package io.cowrite.core.ot;

/**
 * Which op wins a tie when both ops insert at the same position, as in ot-text-unicode's
 * {@code transform(op, other, 'left' | 'right')}: with {@link #LEFT} the op being transformed keeps its
 * insert before the other's; with {@link #RIGHT} it goes after.
 */
public enum Side {
    LEFT("left"),
    RIGHT("right");

    private final String wire;

    Side(String wire) {
        this.wire = wire;
    }

    /** {@code "left"} or {@code "right"}, the package's spelling. */
    public String wire() {
        return wire;
    }

    /** The other side. */
    public Side opposite() {
        return this == LEFT ? RIGHT : LEFT;
    }

    /** Parses {@code "left"} / {@code "right"}; returns null for anything else. */
    public static Side fromWire(String s) {
        if ("left".equals(s)) return LEFT;
        if ("right".equals(s)) return RIGHT;
        return null;
    }
}
