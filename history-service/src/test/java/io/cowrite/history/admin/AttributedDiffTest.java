package io.cowrite.history.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.history.admin.AdminViews.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The attributed diff against plain replays: seeded (-Dcowrite.seed=S reproduces; the seed is printed on failure). */
class AttributedDiffTest {
    private static final String[] AUTHORS = {"ada", "bob", "cy"};

    @Test
    void aSmallCaseReadsDeleteThenInsert() throws OtException {
        AttributedDiff d = new AttributedDiff("hello world");
        d.apply(op(5, "ada", TextOp.of(new Component.Skip(6), new Component.DeleteText("world"), new Component.Insert("there"))));
        d.apply(op(6, "bob", TextOp.of(new Component.Insert("¡"))));
        d.apply(op(7, "cy", TextOp.of(new Component.Skip(1), new Component.DeleteText("h"))));
        assertEquals(List.of(new Span("insert", "¡", "bob", 6L), new Span("delete", "h", "cy", 7L),
                new Span("equal", "ello ", null, null), new Span("delete", "world", "ada", 5L),
                new Span("insert", "there", "ada", 5L)), d.spans());
    }

    @Test
    void textInsertedAndDeletedAgainIsNotInTheDiff() throws OtException {
        AttributedDiff d = new AttributedDiff("ab");
        d.apply(op(0, "ada", TextOp.of(new Component.Skip(1), new Component.Insert("😀x"))));
        d.apply(op(1, "bob", TextOp.of(new Component.Skip(1), new Component.DeleteText("😀"))));
        assertEquals(List.of(new Span("equal", "a", null, null), new Span("insert", "x", "ada", 0L),
                new Span("equal", "b", null, null)), d.spans());
    }

    @Test
    void anOpPastTheEndIsRefused() throws OtException {
        AttributedDiff d = new AttributedDiff("ab");
        assertThrows(IllegalStateException.class, () -> d.apply(op(0, "ada", TextOp.of(new Component.Skip(3), new Component.Insert("x")))));
    }

    @Test
    void randomHistoriesDiffToBothEnds() {
        long seed = Long.getLong("cowrite.seed", System.nanoTime());
        int cases = Math.max(50, Integer.getInteger("cowrite.cases", 25000) / 100);
        Random r = new Random(seed);
        try {
            for (int i = 0; i < cases; i++) oneHistory(r, 1 + r.nextInt(i % 10 == 0 ? 3000 : 120));
        } catch (AssertionError | RuntimeException e) {
            fail("seed " + seed + " (reproduce with -Dcowrite.seed=" + seed + ")", e);
        }
    }

    private static void oneHistory(Random r, int n) {
        String text = r.nextBoolean() ? "" : RandomEdits.word(r, 400);
        String base = text;
        AttributedDiff d = new AttributedDiff(base);
        List<CommittedOp> ops = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            CommittedOp op = op(v, AUTHORS[r.nextInt(AUTHORS.length)], RandomEdits.next(r, text).op());
            ops.add(op);
            d.apply(op);
            text = apply(text, op.op());
        }
        DiffChecks.check(base, text, d.spans(), ops, 0);
    }

    static String apply(String text, TextOp op) {
        try {
            return TextType.apply(text, op);
        } catch (OtException e) {
            throw new AssertionError(e);
        }
    }

    private static CommittedOp op(long v, String author, TextOp op) {
        return new CommittedOp(v, op, "c-" + author, v + 1, author, 1_700_000_000_000L + v);
    }

    /** The checks every diff must pass, shared with the PostgreSQL test. */
    static final class DiffChecks {
        private DiffChecks() {
        }

        /** @param ops the ops of [a, b) in order; {@code a} is the version of the first */
        static void check(String textA, String textB, List<Span> spans, List<CommittedOp> ops, long a) {
            StringBuilder after = new StringBuilder();
            StringBuilder before = new StringBuilder();
            for (Span s : spans) {
                assertTrue(!s.text().isEmpty(), "empty span");
                switch (s.kind()) {
                    case "equal" -> {
                        after.append(s.text());
                        before.append(s.text());
                        assertEquals(null, s.author());
                        assertEquals(null, s.version());
                    }
                    case "insert" -> {
                        after.append(s.text());
                        attributed(s, ops, a, true);
                    }
                    case "delete" -> {
                        before.append(s.text());
                        attributed(s, ops, a, false);
                    }
                    default -> fail("kind " + s.kind());
                }
            }
            assertEquals(textB, after.toString(), "equal + insert spans give the later text");
            assertEquals(textA, before.toString(), "equal + delete spans give the earlier text");
        }

        /** The span's op is in the range, by the span's author, and inserted (deleted) every code point of it. */
        private static void attributed(Span s, List<CommittedOp> ops, long a, boolean insert) {
            long v = s.version();
            assertTrue(v >= a && v < a + ops.size(), "span version " + v + " outside the range");
            CommittedOp op = ops.get((int) (v - a));
            assertEquals(op.author(), s.author(), "author of the span at version " + v);
            StringBuilder touched = new StringBuilder();
            for (Component c : op.op().components()) {
                if (insert && c instanceof Component.Insert i) touched.append(i.text());
                if (!insert && c instanceof Component.DeleteText dt) touched.append(dt.text());
            }
            s.text().codePoints().forEach(cp -> assertTrue(touched.toString().codePoints().anyMatch(x -> x == cp),
                    "span text " + s.text() + " was not " + (insert ? "inserted" : "deleted") + " by op " + v));
        }
    }
}
