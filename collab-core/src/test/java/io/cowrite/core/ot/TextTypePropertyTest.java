package io.cowrite.core.ot;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded randomized properties of {@link TextType} (plain JUnit 5). Cases per property come from the system
 * property {@code cowrite.cases} (default 25000); the seed from {@code cowrite.seed}, else random. The seed is
 * printed once and is in every failure message: rerun with {@code -Dcowrite.seed=S} to reproduce.
 */
class TextTypePropertyTest {
    private static final String[] PIECES = {
        "a", "b", "c", "d", "e", "x", "y", "z", " ", " ", "\n", "é", "e\u0301", "中", "文", "한", "😀", "🎉", "👍🏽",
        "👨‍👩‍👧", "🇫🇷", "𝒳", "𠀋", "\u200B",
    };

    private static long seed;
    private static int cases;

    @BeforeAll
    static void setUp() {
        String s = System.getProperty("cowrite.seed");
        seed = (s == null || s.isBlank() || s.startsWith("${")) ? new SplittableRandom().nextLong() : Long.parseLong(s.trim());
        String c = System.getProperty("cowrite.cases");
        cases = (c == null || c.isBlank() || c.startsWith("${")) ? 25000 : Integer.parseInt(c.trim());
        System.out.println("[properties] seed " + seed + " (-Dcowrite.seed=" + seed + " to reproduce), "
                + cases + " cases per property");
    }

    @FunctionalInterface
    private interface Property {
        /** Runs one case; returns null on success or a description of the failure. */
        String check(Gen g) throws OtException;
    }

    private static void forAll(String name, int salt, Property p) {
        SplittableRandom root = new SplittableRandom(seed ^ (salt * 0x9E3779B97F4A7C15L));
        for (int i = 0; i < cases; i++) {
            Gen g = new Gen(root.split());
            String failure;
            try {
                failure = p.check(g);
            } catch (OtException | RuntimeException e) {
                failure = "threw " + e;
            }
            if (failure != null) {
                throw new AssertionError(name + " failed at case " + i + " (-Dcowrite.seed=" + seed + "): " + failure);
            }
        }
        System.out.println("[properties] " + name + ": " + cases + " cases passed");
    }

    /**
     * TP1 over normalized ops. Like the package, transform does not converge for an op with two adjacent
     * inserts on a tie (only the first is taken on the left: see TextTypeTest#transformTieBreak), so the
     * property normalizes its ops, as Cowrite's server does at the edge.
     */
    @Test
    void tp1Convergence() {
        forAll("TP1 convergence", 1, g -> {
            String d = g.doc();
            TextOp a = TextType.normalize(g.op(d));
            TextOp b = TextType.normalize(g.op(d));
            String left = TextType.apply(TextType.apply(d, a), TextType.transform(b, a, Side.RIGHT));
            String right = TextType.apply(TextType.apply(d, b), TextType.transform(a, b, Side.LEFT));
            return left.equals(right) ? null : describe(d, a, b) + " -> " + q(left) + " vs " + q(right);
        });
    }

    @Test
    void composeEqualsSequentialApply() {
        forAll("compose", 2, g -> {
            String d = g.doc();
            TextOp a = g.op(d);
            String mid = TextType.apply(d, a);
            TextOp b = g.op(mid);
            String seq = TextType.apply(mid, b);
            String composed = TextType.apply(d, TextType.compose(a, b));
            return seq.equals(composed) ? null : describe(d, a, b) + " -> " + q(seq) + " vs " + q(composed);
        });
    }

    @Test
    void invertRoundTrip() {
        forAll("invert round trip", 3, g -> {
            String d = g.doc();
            TextOp inv = TextType.makeInvertible(g.op(d), d);
            String back = TextType.apply(TextType.apply(d, inv), TextType.invert(inv));
            return back.equals(d) ? null : "doc=" + q(d) + " inv=" + inv + " -> " + q(back);
        });
    }

    /** A cursor sticks to the character on its left: if that character survives, the cursor is still after it. */
    @Test
    void transformPositionFollowsTheText() {
        forAll("transformPosition", 4, g -> {
            String d = g.doc();
            TextOp op = g.op(d);
            int[] before = d.codePoints().toArray();
            int[] after = TextType.apply(d, op).codePoints().toArray();
            boolean[] deleted = new boolean[before.length];
            int pos = 0;
            for (Component c : op.components()) {
                if (c instanceof Component.Delete || c instanceof Component.DeleteText) {
                    for (int k = 0; k < c.inputLength(); k++) deleted[pos + k] = true;
                }
                pos += c.inputLength();
            }
            int last = -1;
            for (int p = 0; p <= before.length; p++) {
                int t = TextType.transformPosition(p, op);
                if (t < last || t < 0 || t > after.length) return "doc=" + q(d) + " op=" + op + " pos " + p + " -> " + t;
                last = t;
                if (p == 0 && t != 0) return "doc=" + q(d) + " op=" + op + " cursor 0 moved to " + t;
                if (p > 0 && !deleted[p - 1] && (t == 0 || after[t - 1] != before[p - 1])) {
                    return "doc=" + q(d) + " op=" + op + " cursor " + p + " -> " + t + " lost its character";
                }
            }
            return null;
        });
    }

    private static String describe(String d, TextOp a, TextOp b) {
        return "doc=" + q(d) + " a=" + a + " b=" + b;
    }

    private static String q(String s) {
        return '"' + s.replace("\n", "\\n") + '"';
    }

    /** Random documents (with astral characters, ZWJ sequences, combining marks) and checked ops on them. */
    private static final class Gen {
        private final SplittableRandom r;

        Gen(SplittableRandom r) {
            this.r = r;
        }

        String text(int n) {
            StringBuilder sb = new StringBuilder();
            while (sb.codePointCount(0, sb.length()) < n) sb.append(PIECES[r.nextInt(PIECES.length)]);
            return sb.toString();
        }

        String doc() {
            int k = r.nextInt(20);
            return k == 0 ? "" : k < 18 ? text(1 + r.nextInt(24)) : text(40 + r.nextInt(80));
        }

        TextOp op(String doc) throws OtException {
            int[] cps = doc.codePoints().toArray();
            int n = cps.length;
            List<Component> out = new ArrayList<>();
            int pos = 0;
            int steps = 1 + r.nextInt(6);
            for (int s = 0; s < steps; s++) {
                int k = r.nextInt(10);
                if (k < 4 && pos < n) {
                    int len = 1 + r.nextInt(Math.min(n - pos, r.nextInt(5) == 0 ? n : 8));
                    if (!out.isEmpty() && out.getLast() instanceof Component.Skip prev) {
                        out.set(out.size() - 1, new Component.Skip(prev.n() + len));
                    } else {
                        out.add(new Component.Skip(len));
                    }
                    pos += len;
                } else if (k < 7 || pos >= n) {
                    out.add(new Component.Insert(text(1 + r.nextInt(5))));
                } else {
                    int len = 1 + r.nextInt(Math.min(n - pos, 6));
                    out.add(r.nextBoolean() ? new Component.Delete(len) : new Component.DeleteText(new String(cps, pos, len)));
                    pos += len;
                }
            }
            if (!out.isEmpty() && out.getLast() instanceof Component.Skip) out.removeLast();
            TextOp op = TextOp.of(out);
            return r.nextInt(4) == 0 ? op : TextType.normalize(op);
        }
    }
}
