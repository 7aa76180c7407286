package io.cowrite.editor.doc;

import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.core.protocol.ErrorCode;
import java.util.List;

/**
 * One session's membership in one document, as the document sees it. The document calls these
 * methods on its serial executor; implementations must not block (they enqueue to a bounded outbox
 * and close the connection when it overflows).
 */
public interface Participant {
    /** The client id: acks and deduplication go by it. Never shown to other participants. */
    String clientId();

    /** The public id of this session: presence and cursors name the participant by it. */
    String sessionId();

    /** The user id (from the token), or null for an anonymous user of the open mode. */
    String userId();

    String name();

    /**
     * Whether the participant appears in presence. False for one HTTP request (a long poll, a POST of an op):
     * it follows the document or waits for its ack without showing up as a person joining and leaving.
     */
    default boolean visible() {
        return true;
    }

    String color();

    /** Called on join: switch to a color none of {@code taken} has, so people in one document look apart. */
    void avoidColors(java.util.Set<String> taken);

    /** Full state: reply to a fresh join, or to a resume that was too far behind ({@code resync}). */
    void snapshot(long version, String text, boolean resync);

    /** Every op committed in {@code [from, version)}, in order: reply to a resuming join. */
    void catchup(long from, long version, List<CommittedOp> ops);

    /** This participant's op {@code seq} was delivered at {@code version}, in version order among the others. */
    void ack(long seq, long version);

    /**
     * The owner answered that op {@code seq} is durable at {@code version}, which this node delivered
     * already: ack it, unless the delivery acked it on this membership (a resend of an op committed
     * earlier is acked every time, with its original version).
     */
    void ackCommitted(long seq, long version);

    /** Someone else's op was committed; {@code frame} is its {@code remote} message, encoded once for everyone. */
    void remote(CommittedOp op, byte[] frame);

    /** A presence message ({@code presence}, {@code peer_joined}, {@code peer_left}, {@code cursor}), encoded once for everyone. */
    void frame(byte[] frame);

    /** A reply error about this participant's request; the connection stays open. */
    void error(Long seq, ErrorCode code, String message, String detail);
}
