package io.cowrite.core.ot;

import java.util.List;

/**
 * The package's {@code makeTake}: walks an op, handing out pieces of its components. Past the end the op is
 * an endless skip. Offsets count code points (plus the matching UTF-16 offset for text components), so a
 * piece never splits a surrogate pair. Not thread-safe; one use only.
 */
final class OpIterator {
    /** Pass as {@code n} to {@link #take} for the whole rest of the next component. */
    static final int ALL = -1;

    private final List<Component> op;
    private int idx;
    /** Code points of {@code op[idx]} already handed out. */
    private int offset;
    /** UTF-16 units of {@code op[idx]}'s text already handed out (inserts and text deletes). */
    private int charOffset;

    OpIterator(TextOp op) {
        this.op = op.components();
    }

    /** The component the next {@link #take} reads from, or null at the end. */
    Component peek() {
        return idx < op.size() ? op.get(idx) : null;
    }

    /**
     * Takes up to {@code n} code points ({@link #ALL}: the rest of the next component; null at the end).
     * An insert is taken whole when {@code wholeInserts} (the package's {@code 'i'}); a delete when
     * {@code wholeDeletes} ({@code 'd'}). Past the end, returns {@code Skip(n)}.
     */
    Component take(int n, boolean wholeInserts, boolean wholeDeletes) {
        if (idx == op.size()) return n == ALL ? null : new Component.Skip(n);
        Component c = op.get(idx);
        switch (c) {
            case Component.Skip s -> {
                int rem = s.n() - offset;
                if (n == ALL || rem <= n) {
                    Component part = offset == 0 ? s : new Component.Skip(rem);
                    next();
                    return part;
                }
                offset += n;
                return new Component.Skip(n);
            }
            case Component.Insert i -> {
                int rem = i.length() - offset;
                if (n == ALL || wholeInserts || rem <= n) {
                    Component part = offset == 0 ? i : new Component.Insert(i.text().substring(charOffset), rem);
                    next();
                    return part;
                }
                int end = i.text().offsetByCodePoints(charOffset, n);
                Component part = new Component.Insert(i.text().substring(charOffset, end), n);
                offset += n;
                charOffset = end;
                return part;
            }
            case Component.Delete d -> {
                int rem = d.n() - offset;
                if (n == ALL || wholeDeletes || rem <= n) {
                    Component part = offset == 0 ? d : new Component.Delete(rem);
                    next();
                    return part;
                }
                offset += n;
                return new Component.Delete(n);
            }
            case Component.DeleteText d -> {
                int rem = d.length() - offset;
                if (n == ALL || wholeDeletes || rem <= n) {
                    Component part = offset == 0 ? d : new Component.DeleteText(d.text().substring(charOffset), rem);
                    next();
                    return part;
                }
                int end = d.text().offsetByCodePoints(charOffset, n);
                Component part = new Component.DeleteText(d.text().substring(charOffset, end), n);
                offset += n;
                charOffset = end;
                return part;
            }
        }
    }

    private void next() {
        idx++;
        offset = 0;
        charOffset = 0;
    }
}
