package io.cowrite.history;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.history.api.LoadResult;
import java.util.UUID;

/** Test helpers: ops, document ids, replay. */
public final class Ops {
    private Ops() {
    }

    public static String newDoc() {
        return "doc-" + UUID.randomUUID();
    }

    /** Inserts {@code text} at position {@code at}. */
    public static TextOp insert(int at, String text) {
        try {
            return at == 0 ? TextOp.of(new Component.Insert(text)) : TextOp.of(new Component.Skip(at), new Component.Insert(text));
        } catch (OtException e) {
            throw new AssertionError(e);
        }
    }

    /** An op committed at {@code version} inserting {@code text} at the start (applies to any document). */
    public static CommittedOp committed(long version, String client, long seq, String text) {
        return new CommittedOp(version, insert(0, text), client, seq, "author-" + client, 1_700_000_000_000L + version);
    }

    /** The text at the head of a load: the milestone with the tail applied. */
    public static String text(LoadResult load) {
        String text = load.milestoneText();
        try {
            for (CommittedOp op : load.ops()) text = TextType.apply(text, op.op());
        } catch (OtException e) {
            throw new AssertionError(e);
        }
        return text;
    }
}
