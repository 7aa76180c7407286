package io.cowrite.core.ot;

import java.util.ArrayList;
import java.util.List;

/**
 * The package's {@code makeAppend} + {@code trim}: appends components, merging a component into the previous
 * one of the same kind (skips add, inserts concatenate, deletes concatenate keeping text only when both are
 * text, else becoming a count), and trims one trailing skip on {@link #build()}.
 * Merges are buffered so that appending many small inserts stays linear. Not thread-safe; one use only.
 */
final class OpBuilder {
    private enum Kind { NONE, SKIP, INSERT, DELETE_N, DELETE_TEXT }

    private final List<Component> out = new ArrayList<>();
    private Kind kind = Kind.NONE;
    /** Code points of the pending component. */
    private int n;
    /** Text of the pending insert / text delete. */
    private final StringBuilder text = new StringBuilder();

    void append(Component c) {
        switch (c) {
            case Component.Skip s -> {
                if (kind == Kind.SKIP) {
                    n += s.n();
                } else {
                    start(Kind.SKIP, s.n());
                }
            }
            case Component.Insert i -> {
                if (kind != Kind.INSERT) start(Kind.INSERT, 0);
                n += i.length();
                text.append(i.text());
            }
            case Component.Delete d -> {
                if (kind == Kind.DELETE_N || kind == Kind.DELETE_TEXT) {
                    kind = Kind.DELETE_N;
                    n += d.n();
                } else {
                    start(Kind.DELETE_N, d.n());
                }
            }
            case Component.DeleteText d -> {
                if (kind == Kind.DELETE_TEXT) {
                    n += d.length();
                    text.append(d.text());
                } else if (kind == Kind.DELETE_N) {
                    n += d.length();
                } else {
                    start(Kind.DELETE_TEXT, d.length());
                    text.append(d.text());
                }
            }
        }
    }

    private void start(Kind k, int len) {
        flush();
        kind = k;
        n = len;
    }

    private void flush() {
        switch (kind) {
            case NONE -> { return; }
            case SKIP -> out.add(new Component.Skip(n));
            case INSERT -> out.add(new Component.Insert(text.toString(), n));
            case DELETE_N -> out.add(new Component.Delete(n));
            case DELETE_TEXT -> out.add(new Component.DeleteText(text.toString(), n));
        }
        kind = Kind.NONE;
        n = 0;
        text.setLength(0);
    }

    /** The op so far, without a trailing skip. */
    TextOp build() {
        if (kind == Kind.SKIP) {
            kind = Kind.NONE;
        }
        flush();
        return new TextOp(out);
    }
}
