package io.cowrite.core.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextDiffTest {
    private static final String ALPHABET = "ab c\né😀";

    private static long seed() {
        long seed = Long.getLong("cowrite.seed", new Random().nextLong());
        System.out.println("TextDiffTest seed=" + seed + " (rerun with -Dcowrite.seed=" + seed + ")");
        return seed;
    }

    private static String random(Random r, int max) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) s.appendCodePoint(ALPHABET.codePoints().toArray()[r.nextInt(7)]);
        return s.toString();
    }

    /** {@code text} with a few random edits (so the two share most of their characters). */
    private static String edited(Random r, String text) {
        StringBuilder s = new StringBuilder(text);
        for (int i = r.nextInt(5); i >= 0; i--) {
            int at = s.isEmpty() ? 0 : r.nextInt(s.length());
            if (at > 0 && Character.isLowSurrogate(s.charAt(at))) at--;
            if (r.nextBoolean() && !s.isEmpty()) {
                s.delete(at, Math.min(s.length(), at + 1 + r.nextInt(3)));
                if (!s.isEmpty() && at < s.length() && Character.isLowSurrogate(s.charAt(at))) s.deleteCharAt(at);
                if (at > 0 && at <= s.length() && Character.isHighSurrogate(s.charAt(at - 1))) s.deleteCharAt(at - 1);
            } else {
                s.insert(at, random(r, 4));
            }
        }
        return s.toString();
    }

    @Test
    void turnsAnyTextIntoAnyOtherAndIsInvertible() throws OtException {
        long seed = seed();
        Random r = new Random(seed);
        for (int i = 0; i < 3000; i++) {
            String from = random(r, 40);
            String to = r.nextBoolean() ? random(r, 40) : edited(r, from);
            TextOp op = TextDiff.between(from, to);
            assertEquals(to, TextType.apply(from, op), "seed " + seed + ": " + from + " -> " + to + " by " + op);
            assertTrue(op.isInvertible(), "seed " + seed);
            assertEquals(from, TextType.apply(to, TextType.invert(op)), "seed " + seed);
            assertEquals(op, TextType.normalize(op), "seed " + seed);
        }
    }

    @Test
    void keepsWhatBothTextsShare() {
        assertEquals(List.of(new Component.Skip(2), new Component.DeleteText("X"), new Component.Skip(2),
                new Component.Insert("Y")), TextDiff.between("abXcde", "abcdYe").components());
        assertTrue(TextDiff.between("same", "same").isNoop());
    }

    @Test
    void replacesTheWholeMiddleBeyondTheBound() throws OtException {
        String from = "<" + "a".repeat(TextDiff.MAX_EDITS) + ">";
        String to = "<" + "b".repeat(TextDiff.MAX_EDITS) + ">";
        TextOp op = TextDiff.between(from, to);
        assertEquals(List.of(new Component.Skip(1), new Component.DeleteText("a".repeat(TextDiff.MAX_EDITS)),
                new Component.Insert("b".repeat(TextDiff.MAX_EDITS))), op.components());
        assertEquals(to, TextType.apply(from, op));
    }
}
