package io.cowrite.client;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random but plausible edits of a text (typing, word deletes, short pastes), with astral-plane
 * characters mixed in, for seeded tests and the load generator. Positions count code points.
 */
public final class RandomEdits {
    private static final String[] PIECES = {"a", "b", "e", " ", "x", "\n", "é", "中", "文", "😀", "👍🏽", "𝄞", "ok ", "the "};
    private final Random random;

    public RandomEdits(Random random) {
        this.random = random;
    }

    /** An edit valid for {@code text}: mostly short inserts, some deletes, rarely a longer paste. */
    public TextOp next(String text) {
        int length = text.codePointCount(0, text.length());
        int kind = random.nextInt(10);
        try {
            if (length > 0 && kind < 3) {
                int at = random.nextInt(length);
                int n = 1 + random.nextInt(Math.min(8, length - at));
                return op(at, null, n, length);
            }
            int at = random.nextInt(length + 1);
            String insert = kind == 9 ? paste() : PIECES[random.nextInt(PIECES.length)];
            return op(at, insert, 0, length);
        } catch (OtException e) {
            throw new IllegalStateException(e);
        }
    }

    private String paste() {
        StringBuilder sb = new StringBuilder();
        int n = 5 + random.nextInt(40);
        for (int i = 0; i < n; i++) sb.append(PIECES[random.nextInt(PIECES.length)]);
        return sb.toString();
    }

    private static TextOp op(int at, String insert, int delete, int length) throws OtException {
        List<Component> cs = new ArrayList<>(3);
        if (at > 0) cs.add(new Component.Skip(at));
        if (insert != null) cs.add(new Component.Insert(insert));
        if (delete > 0) cs.add(new Component.Delete(delete));
        return TextOp.of(cs);
    }
}
