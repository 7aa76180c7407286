package io.cowrite.history;

import io.cowrite.bus.history.AppendRequest;
import io.cowrite.bus.history.CommittedOp;
import io.cowrite.bus.history.LoadResult;
import io.cowrite.bus.history.NewOp;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import java.util.List;
import java.util.UUID;

/** Test helpers: ops, requests, document ids, replay. */
final class Ops {
    private Ops() {
    }

    static String newDoc() {
        return "doc-" + UUID.randomUUID();
    }

    /** Inserts {@code text} at position 0: applies to any document. */
    static TextOp insertAtStart(String text) {
        try {
            return TextOp.of(new Component.Insert(text));
        } catch (OtException e) {
            throw new AssertionError(e);
        }
    }

    static NewOp newOp(String client, long seq, String text) {
        return new NewOp(client, seq, "author-" + client, insertAtStart(text));
    }

    static AppendRequest append(String doc, long expected, NewOp... ops) {
        return new AppendRequest(doc, expected, List.of(ops));
    }

    /** The text at the head of a load: the milestone with the tail applied. */
    static String text(LoadResult load) throws OtException {
        String text = load.milestoneText();
        for (CommittedOp op : load.ops()) text = TextType.apply(text, op.op());
        return text;
    }
}
