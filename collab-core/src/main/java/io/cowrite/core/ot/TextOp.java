package io.cowrite.core.ot;

import java.util.List;

/**
 * An immutable, checked text operation: a list of {@link Component}s in the format of
 * {@code ot-text-unicode} 4.0.0. Every instance has passed {@link #check}: no empty inserts or deletes,
 * positive skips, no adjacent skips, no trailing skip, well-formed UTF-16. Instances need not be
 * normalized (adjacent inserts or deletes may stand apart); {@link TextType#normalize} merges them.
 *
 * <p>Thread-safe (immutable).
 */
public record TextOp(List<Component> components) {

    /** The no-op, {@code []}. */
    public static final TextOp NOOP = new TextOp(List.of());

    public TextOp {
        components = List.copyOf(components);
    }

    /** Checks {@code components} like the package's {@code checkOp} (plus well-formed UTF-16) and wraps them. */
    public static TextOp of(List<Component> components) throws OtException {
        check(components);
        return new TextOp(components);
    }

    /** Convenience for tests and tools: {@code TextOp.of(new Skip(3), new Insert("x"))}. */
    public static TextOp of(Component... components) throws OtException {
        return of(List.of(components));
    }

    public boolean isNoop() {
        return components.isEmpty();
    }

    public int size() {
        return components.size();
    }

    public Component get(int i) {
        return components.get(i);
    }

    /** Code points of document this op reads (skips plus deletes): the minimum document length it applies to. */
    public int inputLength() {
        int n = 0;
        for (Component c : components) n += c.inputLength();
        return n;
    }

    /** True when no component is a {@code {"d": N}} delete, so {@link TextType#invert} works. */
    public boolean isInvertible() {
        for (Component c : components) if (c instanceof Component.Delete) return false;
        return true;
    }

    /** The checks of ot-text-unicode's {@code checkOp}, in its order, with well-formed UTF-16 added. */
    static void check(List<Component> components) throws OtException {
        Component last = null;
        for (Component c : components) {
            switch (c) {
                case null -> throw new OtException(OtError.BAD_COMPONENT);
                case Component.Skip s -> {
                    if (s.n() <= 0) throw new OtException(OtError.BAD_SKIP);
                    if (last instanceof Component.Skip) throw new OtException(OtError.ADJACENT_SKIPS);
                }
                case Component.Insert i -> {
                    if (i.text().isEmpty()) throw new OtException(OtError.EMPTY_INSERT);
                    requireWellFormed(i.text());
                }
                case Component.Delete d -> {
                    if (d.n() <= 0) throw new OtException(OtError.EMPTY_DELETE);
                }
                case Component.DeleteText d -> {
                    if (d.text().isEmpty()) throw new OtException(OtError.EMPTY_DELETE);
                    requireWellFormed(d.text());
                }
            }
            last = c;
        }
        if (last instanceof Component.Skip) throw new OtException(OtError.TRAILING_SKIP);
    }

    /** Rejects lone surrogates: a code point position inside a surrogate pair cannot be expressed. */
    static void requireWellFormed(String s) throws OtException {
        if (!isWellFormed(s)) throw new OtException(OtError.ILL_FORMED_UTF16);
    }

    /** True when {@code s} has no lone UTF-16 surrogate (it is a sequence of Unicode code points). */
    public static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            } else if (Character.isLowSurrogate(ch)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return TextOpJson.toJsonString(this);
    }
}
