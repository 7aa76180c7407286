package io.cowrite.core.ot;

import java.util.Arrays;

/**
 * A document's text that ops edit in place: what a server keeps for each open document, where
 * {@link TextType#apply} would copy the whole text and count its code points from the start for every op.
 *
 * <p>The characters are in a {@link StringBuilder}; beside them, the code point index of every
 * supplementary character (a surrogate pair), in order. A code point position {@code p} is then at UTF-16
 * index {@code p} plus the number of supplementary characters before it: a binary search, not a scan. An
 * op costs its edits (one move of the text after each insert or delete, in native array copies) and a pass
 * over the supplementary characters after its first edit, whatever the length of the text. An op with many
 * edits (more than {@value #IN_PLACE_EDITS}, such as a restore) is applied in one pass that rebuilds the text,
 * as {@link TextType#apply} does, so no op costs more than that.
 *
 * <p>Semantics are {@link TextType#apply}'s and {@link TextType#makeInvertible}'s, checks included
 * ({@link OtError#TOO_LONG}, {@link OtError#DELETE_MISMATCH}); an op that fails changes nothing. The text is
 * well-formed UTF-16 and stays so (ops cannot hold lone surrogates and never split a pair).
 *
 * <p>Not thread-safe: its owner (a document's executor) confines it.
 */
public final class DocText {
    /** Ops with more inserts and deletes than this are applied by rebuilding the text in one pass. */
    static final int IN_PLACE_EDITS = 16;
    private static final int[] NONE = new int[0];

    private StringBuilder chars;
    /** Code point indexes of the supplementary characters, ascending; {@code astrals} of them are used. */
    private int[] astral = NONE;
    private int astrals;

    /**
     * @throws IllegalArgumentException when {@code text} holds a lone surrogate (no op could have made it)
     */
    public DocText(String text) {
        if (!TextOp.isWellFormed(text)) throw new IllegalArgumentException("text holds a lone surrogate");
        reset(text);
    }

    private void reset(String text) {
        chars = new StringBuilder(text);
        astral = NONE;
        astrals = 0;
        int n = text.length();
        for (int i = 0, cp = 0; i < n; i++, cp++) {
            if (Character.isHighSurrogate(text.charAt(i))) {
                if (astrals == astral.length) astral = Arrays.copyOf(astral, Math.max(8, astrals * 2));
                astral[astrals++] = cp;
                i++;
            }
        }
    }

    /** Length in code points. */
    public int length() {
        return chars.length() - astrals;
    }

    /** Length in UTF-16 units. */
    public int utf16Length() {
        return chars.length();
    }

    /** The text (a copy). */
    @Override
    public String toString() {
        return chars.toString();
    }

    /**
     * Applies {@code op} in place.
     *
     * @throws OtException {@link OtError#TOO_LONG} when a skip or delete runs past the end,
     *                     {@link OtError#DELETE_MISMATCH} when a text delete is not what the text holds; the
     *                     text is then unchanged
     */
    public void apply(TextOp op) throws OtException {
        int edits = check(op);
        if (edits > IN_PLACE_EDITS) {
            reset(TextType.apply(chars.toString(), op));
            return;
        }
        int pos = 0; // code points, in the text as edited so far
        for (Component c : op.components()) {
            switch (c) {
                case Component.Skip s -> pos += s.n();
                case Component.Insert i -> {
                    insert(pos, i.text(), i.length());
                    pos += i.length();
                }
                case Component.Delete d -> delete(pos, d.n());
                case Component.DeleteText d -> delete(pos, d.length());
            }
        }
    }

    /**
     * {@link TextType#makeInvertible} against this text: every {@code {"d":N}} of {@code op} gets the text it
     * deletes. Changes nothing here.
     *
     * @throws OtException {@link OtError#TOO_LONG} or {@link OtError#DELETE_MISMATCH} when {@code op} does not
     *                     apply to this text
     */
    public TextOp makeInvertible(TextOp op) throws OtException {
        OpBuilder out = new OpBuilder();
        int pos = 0;
        int length = length();
        for (Component c : op.components()) {
            if (pos + (long) c.inputLength() > length) throw new OtException(OtError.TOO_LONG);
            switch (c) {
                case Component.Skip s -> out.append(s);
                case Component.Insert i -> out.append(i);
                case Component.Delete d -> out.append(new Component.DeleteText(
                        chars.substring(index(pos), index(pos + d.n())), d.n()));
                case Component.DeleteText d -> {
                    matchDelete(pos, d);
                    out.append(d);
                }
            }
            pos += c.inputLength();
        }
        return out.build();
    }

    /** Checks that {@code op} applies (nothing changes); returns its number of inserts and deletes. */
    private int check(TextOp op) throws OtException {
        int pos = 0;
        int length = length();
        int edits = 0;
        for (Component c : op.components()) {
            if (pos + (long) c.inputLength() > length) throw new OtException(OtError.TOO_LONG);
            if (c instanceof Component.DeleteText d) matchDelete(pos, d);
            if (!(c instanceof Component.Skip)) edits++;
            pos += c.inputLength();
        }
        return edits;
    }

    /** {@link OtError#DELETE_MISMATCH} unless the text holds {@code d}'s text at code point {@code pos}. */
    private void matchDelete(int pos, Component.DeleteText d) throws OtException {
        String t = d.text();
        int at = index(pos);
        // Both are well-formed and at starts a code point, so equal units end on a code point boundary.
        if (index(pos + d.length()) - at != t.length()) throw new OtException(OtError.DELETE_MISMATCH);
        for (int k = 0; k < t.length(); k++) {
            if (chars.charAt(at + k) != t.charAt(k)) throw new OtException(OtError.DELETE_MISMATCH);
        }
    }

    /** The UTF-16 index of code point position {@code pos} (0 to {@link #length()}). */
    private int index(int pos) {
        return pos + below(pos);
    }

    /** How many supplementary characters are at code point positions below {@code pos}. */
    private int below(int pos) {
        int lo = 0;
        int hi = astrals;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (astral[mid] < pos) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private void insert(int pos, String text, int length) {
        int k = below(pos);
        chars.insert(pos + k, text);
        int added = text.length() - length; // supplementary characters in the insert
        for (int i = k; i < astrals; i++) astral[i] += length;
        if (added == 0) return;
        if (astrals + added > astral.length) astral = Arrays.copyOf(astral, Math.max(astrals + added, astral.length * 2));
        System.arraycopy(astral, k, astral, k + added, astrals - k);
        astrals += added;
        int cp = pos;
        for (int i = 0; i < text.length(); i++, cp++) {
            if (Character.isHighSurrogate(text.charAt(i))) {
                astral[k++] = cp;
                i++;
            }
        }
    }

    private void delete(int pos, int n) {
        int from = below(pos);
        int to = below(pos + n);
        chars.delete(pos + from, pos + n + to);
        int removed = to - from;
        System.arraycopy(astral, to, astral, from, astrals - to);
        astrals -= removed;
        for (int i = from; i < astrals; i++) astral[i] -= n;
    }
}
