package io.cowrite.history.admin;

import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.Side;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.CommittedOp;
import java.util.ArrayList;
import java.util.List;

/**
 * The one op that takes away one author's edits of a version range while keeping everything else, built
 * from the stored (invertible) ops. Selective undo, newest first: the op at version k is removed from the
 * history by moving its inverse forward through every op after it (each later op is rewritten as if op k
 * had never happened, the inverse is transformed past it). The inverse then applies at the head; the
 * rewritten later ops are what the next, older inverse is moved through. The result is the composition
 * of the moved inverses. Nothing stored is changed. Pure; thread-safe.
 *
 * <p>Ties: text an undo puts back goes before text inserted at the same place later (its inverse is
 * transformed with side {@code left}). Cost: O(ops after {@code from} × undone ops) transforms.
 */
final class UndoAuthor {
    private UndoAuthor() {
    }

    /**
     * @param ops    every op from version {@code from} to the head, in order, invertible (as stored)
     * @param author whose ops to undo
     * @param from   the version of {@code ops.get(0)}
     * @param to     undo the author's ops at versions below this (exclusive)
     * @return an invertible op that applies to the text at the head
     */
    static TextOp build(List<CommittedOp> ops, String author, long from, long to) throws OtException {
        List<TextOp> later = new ArrayList<>(ops.size()); // history after the op being undone, rewritten
        TextOp undo = TextOp.NOOP;
        for (int i = ops.size() - 1; i >= 0; i--) {
            CommittedOp op = ops.get(i);
            if (op.version() != from + i) throw new IllegalArgumentException("ops must be contiguous from " + from);
            if (op.version() >= to || !author.equals(op.author())) {
                later.add(0, op.op());
                continue;
            }
            TextOp inverse = TextType.invert(op.op());
            for (int j = 0; j < later.size(); j++) {
                TextOp next = later.get(j);
                later.set(j, TextType.transform(next, inverse, Side.RIGHT));
                inverse = TextType.transform(inverse, next, Side.LEFT);
            }
            undo = TextType.compose(undo, inverse);
        }
        return undo;
    }
}
