package io.cowrite.editor.doc;

import io.cowrite.core.ot.TextOp;

/** One client op waiting in a document's queue or in flight. Confined to the document's executor. */
final class Submission {
    final Participant author;
    final String clientId;
    final String authorName;
    final long seq;
    /** The op as it applies to the document's current version (rebased as others commit). */
    TextOp op;
    /** While in a batch: the op as appended (after earlier batch ops, invertible) and the text after it. */
    TextOp batchOp;
    String textAfter;
    int lengthAfter;

    Submission(Participant author, long seq, TextOp op) {
        this.author = author;
        this.clientId = author.clientId();
        this.authorName = author.name();
        this.seq = seq;
        this.op = op;
    }

    boolean is(String otherClientId, long otherSeq) {
        return seq == otherSeq && clientId.equals(otherClientId);
    }

    void prepare(TextOp appended, String text, int length) {
        this.batchOp = appended;
        this.textAfter = text;
        this.lengthAfter = length;
    }
}
