package io.cowrite.core.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link DocText} against {@link TextType}, the reference: long seeded random sessions of edits (typing,
 * deletes, pastes, many-edit ops), with astral characters, each op applied to one long-lived {@code DocText}
 * and to a {@code String}, compared after every op; failing ops throw the same error and change nothing. The
 * seed comes from {@code cowrite.seed}, else random, and is in every failure message.
 */
class DocTextTest {
    private static final String[] PIECES = {
        "a", "b", "e", " ", "\n", "é", "e\u0301", "中", "😀", "🎉", "👍🏽", "👨‍👩‍👧", "🇫🇷", "𝒳", "𠀋", "ok ", "the ",
    };

    private static long seed() {
        String s = System.getProperty("cowrite.seed");
        return (s == null || s.isBlank() || s.startsWith("${")) ? new SplittableRandom().nextLong() : Long.parseLong(s.trim());
    }

    @Test
    void editsInPlaceAsTextTypeDoesEveryOpOfLongSessions() throws Exception {
        long seed = seed();
        System.out.println("[DocTextTest] seed " + seed + " (-Dcowrite.seed=" + seed + " to reproduce)");
        SplittableRandom root = new SplittableRandom(seed);
        for (int session = 0; session < 60; session++) {
            SplittableRandom r = root.split();
            String reference = session % 3 == 0 ? "" : text(r, r.nextInt(200));
            DocText doc = new DocText(reference);
            for (int step = 0; step < 400; step++) {
                String where = "seed " + seed + ", session " + session + ", step " + step;
                TextOp op = op(r, reference);
                int kind = r.nextInt(10);
                if (kind == 0) {
                    assertEquals(TextType.makeInvertible(op, reference), doc.makeInvertible(op), where + ": makeInvertible");
                } else if (kind == 1) {
                    TextOp bad = broken(r, reference, op);
                    if (bad != null) {
                        String before = reference;
                        OtException expected = assertThrows(OtException.class, () -> TextType.apply(before, bad));
                        OtException actual = assertThrows(OtException.class, () -> doc.apply(bad), where + ": " + bad);
                        assertEquals(expected.error(), actual.error(), where + ": the error of " + bad);
                        OtException inv = assertThrows(OtException.class, () -> doc.makeInvertible(bad));
                        assertEquals(expected.error(), inv.error(), where + ": makeInvertible's error of " + bad);
                        assertEquals(reference, doc.toString(), where + ": a failed op changed the text");
                        continue;
                    }
                }
                reference = TextType.apply(reference, op);
                doc.apply(op);
                assertEquals(reference, doc.toString(), where + ": after " + op);
                assertEquals(reference.codePointCount(0, reference.length()), doc.length(), where + ": code points");
                assertEquals(reference.length(), doc.utf16Length(), where + ": UTF-16 length");
            }
        }
    }

    @Test
    void aLoneSurrogateIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DocText("a\uD83D"));
        assertThrows(IllegalArgumentException.class, () -> new DocText("\uDE00b"));
    }

    @Test
    void aDeleteOfTheWrongTextOrPastTheEndChangesNothing() throws Exception {
        DocText doc = new DocText("a😀b");
        OtException mismatch = assertThrows(OtException.class,
                () -> doc.apply(TextOp.of(new Component.Insert("x"), new Component.Skip(1), new Component.DeleteText("🎉"))));
        assertEquals(OtError.DELETE_MISMATCH, mismatch.error());
        OtException tooLong = assertThrows(OtException.class,
                () -> doc.apply(TextOp.of(new Component.Insert("x"), new Component.Skip(2), new Component.Delete(2))));
        assertEquals(OtError.TOO_LONG, tooLong.error());
        assertEquals("a😀b", doc.toString());
        doc.apply(TextOp.of(new Component.Skip(1), new Component.DeleteText("😀"), new Component.Insert("🇫🇷")));
        assertEquals("a🇫🇷b", doc.toString());
        assertEquals(4, doc.length());
    }

    private static String text(SplittableRandom r, int pieces) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) sb.append(PIECES[r.nextInt(PIECES.length)]);
        return sb.toString();
    }

    /** A valid op: typing or a delete at one place, a paste, or (1 in 10) an op of many edits. */
    private static TextOp op(SplittableRandom r, String doc) throws OtException {
        int[] cps = doc.codePoints().toArray();
        int n = cps.length;
        int edits = r.nextInt(10) == 0 ? 10 + r.nextInt(30) : 1 + r.nextInt(3);
        List<Component> out = new ArrayList<>();
        int pos = 0;
        for (int e = 0; e < edits; e++) {
            int skip = n - pos == 0 ? 0 : r.nextInt(Math.min(n - pos, e == 0 ? n + 1 : 12));
            if (skip > 0) {
                out.add(new Component.Skip(skip));
                pos += skip;
            }
            if (pos < n && r.nextInt(3) == 0) {
                int len = 1 + r.nextInt(Math.min(n - pos, 8));
                out.add(r.nextBoolean() ? new Component.Delete(len) : new Component.DeleteText(new String(cps, pos, len)));
                pos += len;
            } else {
                out.add(new Component.Insert(text(r, r.nextInt(20) == 0 ? 20 + r.nextInt(40) : 1 + r.nextInt(2))));
            }
        }
        return TextType.normalize(TextOp.of(out));
    }

    /** {@code op} made not to apply: a skip or delete past the end, or a text delete of other text; or null. */
    private static TextOp broken(SplittableRandom r, String doc, TextOp op) throws OtException {
        int n = doc.codePointCount(0, doc.length());
        List<Component> cs = new ArrayList<>(op.components());
        if (r.nextBoolean()) {
            int consumed = 0;
            for (Component c : cs) consumed += c.inputLength();
            cs.add(new Component.Insert("x"));
            cs.add(r.nextBoolean() ? new Component.Delete(n - consumed + 1) : new Component.DeleteText(text(r, 1)));
            if (cs.getLast() instanceof Component.DeleteText d && consumed + d.length() <= n) return null;
            return TextOp.of(cs);
        }
        for (int i = 0; i < cs.size(); i++) {
            if (cs.get(i) instanceof Component.DeleteText d) {
                String other = d.text().codePointAt(0) == 0x4E2D ? "a" : "\u4E2D";
                String changed = other + d.text().substring(Character.charCount(d.text().codePointAt(0)));
                cs.set(i, new Component.DeleteText(changed));
                return TextOp.of(cs);
            }
        }
        return null;
    }
}
