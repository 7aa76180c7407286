package io.cowrite.editor.doc;

import io.cowrite.bus.history.CommittedOp;
import io.cowrite.core.protocol.ErrorCode;
import java.util.List;

/**
 * One session's membership in one document, as the document sees it. The document calls these
 * methods on its serial executor; implementations must not block (they enqueue to a bounded outbox
 * and close the connection when it overflows).
 */
public interface Participant {
    String clientId();

    String name();

    String color();

    /** Called on join: switch to a color none of {@code taken} has, so people in one document look apart. */
    void avoidColors(java.util.Set<String> taken);

    /** Full state: reply to a fresh join, or to a resume that was too far behind ({@code resync}). */
    void snapshot(long version, String text, boolean resync);

    /** Every op committed in {@code [from, version)}, in order: reply to a resuming join. */
    void catchup(long from, long version, List<CommittedOp> ops);

    /** This participant's op {@code seq} is durable at {@code version}. */
    void ack(long seq, long version);

    /** Someone else's op was committed. */
    void remote(CommittedOp op);

    /** Another participant's cursor, at document {@code version}. */
    void cursor(Participant from, long version, int anchor, int head);

    /** The people now in the document. */
    void presence(List<Participant> peers);

    /** A reply error about this participant's request; the connection stays open. */
    void error(Long seq, ErrorCode code, String message, String detail);
}
