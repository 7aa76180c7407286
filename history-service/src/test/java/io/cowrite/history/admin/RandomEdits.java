package io.cowrite.history.admin;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random edits of a text, counted in code points, with characters outside the BMP; for seeded tests. */
final class RandomEdits {
    private static final String[] ALPHABET = {"a", "b", "c", " ", "\n", "é", "中", "😀", "𝔸", "🙂"};

    /** An edit and what it does: code points inserted and deleted. */
    record Edit(TextOp op, int added, int removed) {
    }

    private RandomEdits() {
    }

    static String word(Random r, int max) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(max);
        for (int i = 0; i < n; i++) sb.append(ALPHABET[r.nextInt(ALPHABET.length)]);
        return sb.toString();
    }

    /** An insert, a delete or a replacement at a random place of {@code text}; deletes carry their text. */
    static Edit next(Random r, String text) {
        int length = text.codePointCount(0, text.length());
        int kind = length == 0 ? 0 : r.nextInt(3); // 0 insert, 1 delete, 2 replace
        int at = r.nextInt(length + 1);
        List<Component> cs = new ArrayList<>();
        if (at > 0) cs.add(new Component.Skip(at));
        int removed = 0;
        if (kind > 0 && at < length) {
            removed = 1 + r.nextInt(Math.min(8, length - at));
            int from = text.offsetByCodePoints(0, at);
            cs.add(new Component.DeleteText(text.substring(from, text.offsetByCodePoints(from, removed))));
        }
        int added = 0;
        if (kind != 1 || removed == 0) {
            String w = word(r, 6);
            cs.add(new Component.Insert(w));
            added = w.codePointCount(0, w.length());
        }
        try {
            return new Edit(TextOp.of(cs), added, removed);
        } catch (OtException e) {
            throw new AssertionError(e);
        }
    }
}
