package io.cowrite.history.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import java.util.ArrayList;
import java.util.List;

/**
 * The spans of the diff a restore or an undo shows and commits: the current text turned into the result
 * by one new op, so every inserted or deleted run belongs to that op (its author, its version). Read from
 * the op itself, made invertible against the current text: a skip is an {@code equal} run, an insert an
 * {@code insert}, a delete a {@code delete} carrying the text it removes. Pure; thread-safe.
 */
final class RestoreSpans {
    private RestoreSpans() {
    }

    /** One run of the diff; {@code author} and {@code version} only for inserts and deletes. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Span(String kind, String text, String author, Long version) {
    }

    /**
     * @param text    the text {@code op} applies to
     * @param op      the new op
     * @param author  its author
     * @param version its version (or the version it would get: the head it was computed on)
     */
    static List<Span> of(String text, TextOp op, String author, long version) throws OtException {
        TextOp full = TextType.makeInvertible(op, text);
        List<Span> out = new ArrayList<>();
        int pos = 0; // UTF-16 index into text
        for (Component c : full.components()) {
            switch (c) {
                case Component.Skip s -> {
                    int end = text.offsetByCodePoints(pos, s.n());
                    out.add(new Span("equal", text.substring(pos, end), null, null));
                    pos = end;
                }
                case Component.Insert i -> out.add(new Span("insert", i.text(), author, version));
                case Component.DeleteText d -> {
                    out.add(new Span("delete", d.text(), author, version));
                    pos += d.text().length();
                }
                case Component.Delete d -> throw new IllegalStateException("makeInvertible left a plain delete");
            }
        }
        if (pos < text.length()) out.add(new Span("equal", text.substring(pos), null, null));
        return out;
    }
}
