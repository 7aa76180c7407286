package io.cowrite.core.ot;

import java.util.ArrayList;
import java.util.List;

/**
 * An op that turns one text into another: the common prefix and suffix are kept, and the middle is
 * diffed character by character (Myers' O(ND) algorithm over code points) so that text both share stays
 * a skip, up to {@link #MAX_EDITS} inserted plus deleted code points. Beyond that bound the whole middle
 * is replaced (one delete, one insert): the result still turns {@code from} into {@code to}, it is only
 * coarser, and time and memory stay bounded (about {@code MAX_EDITS}² ints) whatever the texts.
 *
 * <p>Deletes carry their text, so the op is invertible. Pure; thread-safe.
 */
public final class TextDiff {
    /** Most code points inserted plus deleted the fine diff of the middle looks for. */
    public static final int MAX_EDITS = 1000;

    private TextDiff() {
    }

    /** An invertible, normalized op turning {@code from} into {@code to} (empty when they are equal). */
    public static TextOp between(String from, String to) {
        int[] a = from.codePoints().toArray();
        int[] b = to.codePoints().toArray();
        int prefix = 0;
        while (prefix < a.length && prefix < b.length && a[prefix] == b[prefix]) prefix++;
        int suffix = 0;
        while (suffix < a.length - prefix && suffix < b.length - prefix
                && a[a.length - 1 - suffix] == b[b.length - 1 - suffix]) {
            suffix++;
        }
        OpBuilder out = new OpBuilder();
        if (prefix > 0) out.append(new Component.Skip(prefix));
        middle(a, prefix, a.length - suffix, b, prefix, b.length - suffix, out);
        return out.build(); // a trailing skip (the suffix) is implied
    }

    private static void middle(int[] a, int a0, int a1, int[] b, int b0, int b1, OpBuilder out) {
        List<int[]> trace = myers(a, a0, a1, b, b0, b1);
        if (trace == null) {
            if (a1 > a0) out.append(new Component.DeleteText(text(a, a0, a1), a1 - a0));
            if (b1 > b0) out.append(new Component.Insert(text(b, b0, b1), b1 - b0));
            return;
        }
        for (Step s : backtrack(trace, a1 - a0, b1 - b0)) {
            switch (s.kind) {
                case EQUAL -> out.append(new Component.Skip(s.length));
                case DELETE -> out.append(new Component.DeleteText(text(a, a0 + s.from, a0 + s.from + s.length), s.length));
                case INSERT -> out.append(new Component.Insert(text(b, b0 + s.from, b0 + s.from + s.length), s.length));
            }
        }
    }

    /** The V arrays of each round d (V[k] = furthest x on diagonal k), or null beyond {@link #MAX_EDITS}. */
    private static List<int[]> myers(int[] a, int a0, int a1, int[] b, int b0, int b1) {
        int n = a1 - a0;
        int m = b1 - b0;
        int max = Math.min(n + m, MAX_EDITS);
        if (n + m > 0 && Math.abs(n - m) > MAX_EDITS) return null;
        List<int[]> trace = new ArrayList<>();
        int[] v = new int[2 * max + 3];
        int off = max + 1;
        for (int d = 0; d <= max; d++) {
            for (int k = -d; k <= d; k += 2) {
                int x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a[a0 + x] == b[b0 + y]) {
                    x++;
                    y++;
                }
                v[off + k] = x;
                if (x >= n && y >= m) {
                    trace.add(v.clone());
                    return trace;
                }
            }
            trace.add(v.clone());
        }
        return null;
    }

    private enum Kind { EQUAL, DELETE, INSERT }

    /** A run of the edit script: {@code from} indexes the old middle (DELETE, EQUAL) or the new one (INSERT). */
    private record Step(Kind kind, int from, int length) {
    }

    private static List<Step> backtrack(List<int[]> trace, int n, int m) {
        int off = (trace.get(0).length - 3) / 2 + 1;
        List<Step> reversed = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = trace.size() - 1; d >= 0; d--) {
            int k = x - y;
            int prevK;
            if (d == 0) {
                prevK = 0;
            } else {
                int[] prev = trace.get(d - 1);
                prevK = (k == -d || (k != d && prev[off + k - 1] < prev[off + k + 1])) ? k + 1 : k - 1;
            }
            int prevX = d == 0 ? 0 : trace.get(d - 1)[off + prevK];
            int prevY = prevX - prevK;
            int snakeStartX = d == 0 ? 0 : (prevK == k + 1 ? prevX : prevX + 1);
            if (x > snakeStartX) reversed.add(new Step(Kind.EQUAL, snakeStartX, x - snakeStartX));
            if (d > 0) {
                if (prevK == k + 1) reversed.add(new Step(Kind.INSERT, prevY, 1));
                else reversed.add(new Step(Kind.DELETE, prevX, 1));
            }
            x = prevX;
            y = prevY;
        }
        List<Step> steps = new ArrayList<>(reversed.size());
        for (int i = reversed.size() - 1; i >= 0; i--) steps.add(reversed.get(i));
        return steps;
    }

    private static String text(int[] cps, int from, int to) {
        return new String(cps, from, to - from);
    }
}
