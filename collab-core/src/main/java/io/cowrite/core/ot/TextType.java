package io.cowrite.core.ot;

import java.util.List;

/**
 * The text OT type, conformant to the character with {@code ot-text-unicode} 4.0.0 ({@code dist/type.js}
 * over plain strings): {@link #normalize}, {@link #apply}, {@link #transform}, {@link #compose},
 * {@link #transformPosition}, {@link #transformSelection}, {@link #makeInvertible}, {@link #invert},
 * {@link #stripInvertible}, {@link #isNoop}. Positions and lengths count Unicode code points; no function
 * ever splits a surrogate pair.
 *
 * <p>Ops are {@link TextOp}s, so they have already passed the package's {@code checkOp} (plus a lone
 * surrogate check). Ops need not be normalized: like the package, {@link #transform} and {@link #compose}
 * walk the components as given (two adjacent inserts on the left of a tie behave as in the package), and
 * every result is built with the package's {@code makeAppend} merging, so results equal the package's
 * output component for component.
 *
 * <p><b>Where Cowrite is stricter than the package.</b>
 * <ul>
 *   <li>{@link #apply}: a skip <em>or a delete</em> past the end of the document throws
 *       {@link OtError#TOO_LONG} (the package throws for skips but silently clamps deletes), and a
 *       {@code {"d":"text"}} whose text is not what the document holds at that position throws
 *       {@link OtError#DELETE_MISMATCH} (the package deletes the same number of code points without
 *       looking).</li>
 *   <li>{@link #makeInvertible}: the same two checks (the package slices past the end, giving a shorter or
 *       dropped delete, and keeps mismatched text).</li>
 *   <li>{@link #invert}: {@link OtError#NOT_INVERTIBLE} is raised before any work, not midway.</li>
 * </ul>
 * {@link #transform} and {@link #compose} assume their ops are against the same document (respectively the
 * document after {@code a}); as in the package, they do not check it, and lengths must stay within
 * {@code int} range, which any op that applies to a Java {@code String} does.
 *
 * <p>All methods are static and pure: they never mutate their arguments (which are immutable) and keep no
 * state, so they are thread-safe. Bad input is reported only as {@link OtException}, never as a
 * {@code RuntimeException}; arguments must not be null.
 */
public final class TextType {

    /** A transformed cursor selection; {@code head} may be before {@code anchor}. */
    public record Selection(int anchor, int head) {
    }

    private TextType() {
    }

    /** The package's {@code normalize}: merges adjacent inserts and adjacent deletes, trims a trailing skip. */
    public static TextOp normalize(TextOp op) {
        OpBuilder out = new OpBuilder();
        for (Component c : op.components()) out.append(c);
        return out.build();
    }

    /** True for {@code []} only, like the package's {@code isNoop} (an unnormalized op is not a no-op). */
    public static boolean isNoop(TextOp op) {
        return op.isNoop();
    }

    /**
     * Applies {@code op} to {@code doc} in one pass. Stricter than the package (see the class comment):
     * {@link OtError#TOO_LONG} when a skip or delete runs past the end, {@link OtError#DELETE_MISMATCH} when a
     * text delete does not match the document.
     */
    public static String apply(String doc, TextOp op) throws OtException {
        int extra = 0;
        for (Component c : op.components()) {
            if (c instanceof Component.Insert i) extra += i.text().length();
        }
        StringBuilder out = new StringBuilder(doc.length() + extra);
        int pos = 0;
        for (Component c : op.components()) {
            switch (c) {
                case Component.Skip s -> {
                    int end = advance(doc, pos, s.n());
                    out.append(doc, pos, end);
                    pos = end;
                }
                case Component.Insert i -> out.append(i.text());
                case Component.Delete d -> pos = advance(doc, pos, d.n());
                case Component.DeleteText d -> pos = matchDelete(doc, pos, d);
            }
        }
        out.append(doc, pos, doc.length());
        return out.toString();
    }

    /**
     * Adds {@code op}'s delete texts from {@code doc} (the package's {@code makeInvertible}): every
     * {@code {"d":N}} becomes {@code {"d":"text"}}. The result is normalized. Throws {@link OtError#TOO_LONG}
     * or {@link OtError#DELETE_MISMATCH} when {@code op} does not apply to {@code doc}.
     */
    public static TextOp makeInvertible(TextOp op, String doc) throws OtException {
        OpBuilder out = new OpBuilder();
        int pos = 0;
        for (Component c : op.components()) {
            switch (c) {
                case Component.Skip s -> {
                    pos = advance(doc, pos, s.n());
                    out.append(s);
                }
                case Component.Insert i -> out.append(i);
                case Component.Delete d -> {
                    int end = advance(doc, pos, d.n());
                    out.append(new Component.DeleteText(doc.substring(pos, end), d.n()));
                    pos = end;
                }
                case Component.DeleteText d -> {
                    pos = matchDelete(doc, pos, d);
                    out.append(d);
                }
            }
        }
        return out.build();
    }

    /**
     * The inverse of an invertible op (inserts become text deletes and vice versa); the result is normalized.
     * Throws {@link OtError#NOT_INVERTIBLE} if {@code op} has a {@code {"d":N}} delete: call
     * {@link #makeInvertible} first.
     */
    public static TextOp invert(TextOp op) throws OtException {
        if (!op.isInvertible()) throw new OtException(OtError.NOT_INVERTIBLE);
        OpBuilder out = new OpBuilder();
        for (Component c : op.components()) {
            switch (c) {
                case Component.Skip s -> out.append(s);
                case Component.Insert i -> out.append(new Component.DeleteText(i.text(), i.length()));
                case Component.DeleteText d -> out.append(new Component.Insert(d.text(), d.length()));
                case Component.Delete d -> throw new OtException(OtError.NOT_INVERTIBLE);
            }
        }
        return out.build();
    }

    /** Replaces every {@code {"d":"text"}} with {@code {"d":N}}; the result is normalized. */
    public static TextOp stripInvertible(TextOp op) {
        OpBuilder out = new OpBuilder();
        for (Component c : op.components()) {
            out.append(c instanceof Component.DeleteText d ? new Component.Delete(d.length()) : c);
        }
        return out.build();
    }

    /**
     * Transforms {@code op} so that it applies after {@code other} (both against the same document). On a tie
     * (both insert at the same position) {@link Side#LEFT} puts {@code op}'s insert first.
     */
    public static TextOp transform(TextOp op, TextOp other, Side side) {
        OpBuilder out = new OpBuilder();
        OpIterator it = new OpIterator(op);
        for (Component c2 : other.components()) {
            switch (c2) {
                case Component.Skip s -> {
                    int length = s.n();
                    while (length > 0) {
                        Component c1 = it.take(length, true, false);
                        out.append(c1);
                        if (!(c1 instanceof Component.Insert)) length -= c1.inputLength();
                    }
                }
                case Component.Insert i -> {
                    if (side == Side.LEFT && it.peek() instanceof Component.Insert) {
                        out.append(it.take(OpIterator.ALL, true, false));
                    }
                    out.append(new Component.Skip(i.length()));
                }
                case Component.Delete d -> transformDelete(it, out, d.n());
                case Component.DeleteText d -> transformDelete(it, out, d.length());
            }
        }
        Component c;
        while ((c = it.take(OpIterator.ALL, true, false)) != null) out.append(c);
        return out.build();
    }

    private static void transformDelete(OpIterator it, OpBuilder out, int length) {
        while (length > 0) {
            Component c1 = it.take(length, true, false);
            switch (c1) {
                case Component.Insert i -> out.append(i);
                default -> length -= c1.inputLength();
            }
        }
    }

    /** Composes {@code a} then {@code b} ({@code b} applies to the document after {@code a}) into one op. */
    public static TextOp compose(TextOp a, TextOp b) {
        OpBuilder out = new OpBuilder();
        OpIterator it = new OpIterator(a);
        for (Component c2 : b.components()) {
            switch (c2) {
                case Component.Skip s -> {
                    int length = s.n();
                    while (length > 0) {
                        Component chunk = it.take(length, false, true);
                        out.append(chunk);
                        if (!(chunk instanceof Component.Delete || chunk instanceof Component.DeleteText)) {
                            length -= chunk.outputLength();
                        }
                    }
                }
                case Component.Insert i -> out.append(i);
                case Component.Delete d -> composeDelete(it, out, d.n(), null);
                case Component.DeleteText d -> composeDelete(it, out, d.length(), d.text());
            }
        }
        Component c;
        while ((c = it.take(OpIterator.ALL, false, true)) != null) out.append(c);
        return out.build();
    }

    /** {@code b}'s delete of {@code length} code points ({@code text} null for {@code {"d":N}}). */
    private static void composeDelete(OpIterator it, OpBuilder out, int length, String text) {
        int offset = 0;
        int charPos = 0;
        while (offset < length) {
            Component chunk = it.take(length - offset, false, true);
            switch (chunk) {
                case Component.Skip s -> {
                    if (text == null) {
                        out.append(new Component.Delete(s.n()));
                    } else {
                        int end = text.offsetByCodePoints(charPos, s.n());
                        out.append(new Component.DeleteText(text.substring(charPos, end), s.n()));
                        charPos = end;
                    }
                    offset += s.n();
                }
                case Component.Insert i -> {
                    if (text != null) charPos = text.offsetByCodePoints(charPos, i.length());
                    offset += i.length();
                }
                default -> out.append(chunk);
            }
        }
    }

    /**
     * Where a cursor at {@code cursor} ends up after {@code op} (the package's {@code transformPosition}): an
     * insert exactly at the cursor goes after it; a cursor inside a deleted range moves to its start.
     */
    public static int transformPosition(int cursor, TextOp op) {
        int pos = 0;
        List<Component> cs = op.components();
        for (int i = 0; i < cs.size() && cursor > pos; i++) {
            switch (cs.get(i)) {
                case Component.Skip s -> pos += s.n();
                case Component.Insert ins -> {
                    pos += ins.length();
                    cursor += ins.length();
                }
                case Component.Delete d -> cursor -= Math.min(d.n(), cursor - pos);
                case Component.DeleteText d -> cursor -= Math.min(d.length(), cursor - pos);
            }
        }
        return cursor;
    }

    /** Both ends of a selection through {@link #transformPosition}. */
    public static Selection transformSelection(int anchor, int head, TextOp op) {
        return new Selection(transformPosition(anchor, op), transformPosition(head, op));
    }

    /** The UTF-16 index {@code n} code points after {@code pos}; {@link OtError#TOO_LONG} past the end. */
    private static int advance(String doc, int pos, int n) throws OtException {
        int len = doc.length();
        if (len - pos < n) throw tooLong();
        for (int k = 0; k < n; k++) {
            if (pos >= len) throw tooLong();
            if (Character.isHighSurrogate(doc.charAt(pos++)) && pos < len && Character.isLowSurrogate(doc.charAt(pos))) {
                pos++;
            }
        }
        return pos;
    }

    /** Checks that {@code doc} holds {@code d}'s text at {@code pos}; returns the index after it. */
    private static int matchDelete(String doc, int pos, Component.DeleteText d) throws OtException {
        String t = d.text();
        if (doc.regionMatches(pos, t, 0, t.length())) return pos + t.length();
        advance(doc, pos, d.length()); // TOO_LONG if the document is too short
        throw new OtException(OtError.DELETE_MISMATCH);
    }

    private static OtException tooLong() {
        return new OtException(OtError.TOO_LONG);
    }
}
