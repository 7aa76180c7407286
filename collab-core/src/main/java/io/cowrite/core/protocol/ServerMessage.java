package io.cowrite.core.protocol;

import io.cowrite.core.ot.TextOp;
import java.util.List;

/**
 * A message from the server to a client. Every instance is valid (the compact constructors throw
 * {@link IllegalArgumentException} otherwise). Optional fields are {@code null} when absent.
 *
 * <p>Thread-safe (immutable).
 */
public sealed interface ServerMessage {

    /** The wire {@code type}, e.g. {@code "ack"}. */
    String type();

    /**
     * {@code welcome}: the reply to an accepted {@code hello}.
     *
     * @param protocol  the protocol version the server will speak (equal to the one asked for)
     * @param sessionId id of this connection, public (presence and cursors name people by it), {@code [A-Za-z0-9_-]{1,64}}
     * @param clientId  this client's identity: the one the hello resumed, or a new one the server issued
     * @param resume    the secret that resumes {@code clientId} in a later hello; keep it private
     * @param node      the server node, 1..1024 code units
     * @param limits    the limits that apply to this connection
     */
    record Welcome(int protocol, String sessionId, String clientId, String resume, String node, Limits limits)
            implements ServerMessage {
        public Welcome {
            Check.range("protocol", protocol, 1, Integer.MAX_VALUE);
            Check.session("sessionId", sessionId);
            Check.clientId("clientId", clientId);
            Check.resume("resume", resume);
            Check.nonEmpty("node", node, Protocol.MAX_SHORT_TEXT);
            Check.notNull("limits", limits);
        }

        @Override
        public String type() {
            return "welcome";
        }
    }

    /**
     * {@code snapshot}: the whole document; the reply to a fresh join, or to a resuming join with
     * {@code resync=true} when the client was too far behind for a bounded replay.
     *
     * @param doc     the document
     * @param version its version
     * @param text    its text at that version
     * @param resync  true when this replaces a replay the client asked for (its local state is stale)
     * @param readOnly true when this client may read the document but not edit it ({@code op} is {@code forbidden})
     */
    record Snapshot(DocId doc, long version, String text, boolean resync, boolean readOnly) implements ServerMessage {
        public Snapshot {
            Check.notNull("doc", doc);
            Check.version("version", version);
            Check.text("text", text, Integer.MAX_VALUE);
        }

        /** A snapshot for a client that may edit. */
        public Snapshot(DocId doc, long version, String text, boolean resync) {
            this(doc, version, text, resync, false);
        }

        @Override
        public String type() {
            return "snapshot";
        }
    }

    /**
     * {@code catchup}: the reply to a resuming join: every op committed at versions {@code from}..{@code version-1},
     * in order ({@code ops.get(i).version() == from + i}).
     *
     * @param doc     the document
     * @param from    the version the client asked to resume from
     * @param version the current version (head), {@code from + ops.size()}
     * @param ops     the missed ops, possibly empty
     * @param readOnly true when this client may read the document but not edit it ({@code op} is {@code forbidden})
     */
    record Catchup(DocId doc, long from, long version, List<CommittedOp> ops, boolean readOnly) implements ServerMessage {

        /** A catch-up for a client that may edit. */
        public Catchup(DocId doc, long from, long version, List<CommittedOp> ops) {
            this(doc, from, version, ops, false);
        }

        public Catchup {
            Check.notNull("doc", doc);
            Check.version("from", from);
            Check.version("version", version);
            ops = List.copyOf(Check.notNull("ops", ops));
            if (version - from != ops.size()) {
                throw new IllegalArgumentException("Field 'version' must equal from + number of ops");
            }
            for (int i = 0; i < ops.size(); i++) {
                if (ops.get(i).version() != from + i) {
                    throw new IllegalArgumentException("Field 'ops[" + i + "].version' must be " + (from + i));
                }
            }
        }

        @Override
        public String type() {
            return "catchup";
        }
    }

    /**
     * {@code ack}: the sender's op with {@code seq} was committed at {@code version} (the document is then at
     * {@code version+1}). A resent, already committed op is acked with its original version.
     *
     * @param doc     the document
     * @param seq     the op's seq
     * @param version the version it was committed at
     */
    record Ack(DocId doc, long seq, long version) implements ServerMessage {
        public Ack {
            Check.notNull("doc", doc);
            Check.seq("seq", seq);
            Check.version("version", version);
        }

        @Override
        public String type() {
            return "ack";
        }
    }

    /**
     * {@code remote}: an op committed by another client at {@code version}.
     *
     * @param doc      the document
     * @param version  the version it was committed at
     * @param op       the op as committed
     * @param clientId its sender
     * @param seq      its sender's seq
     * @param author   its sender's display name, possibly empty
     * @param time     its commit time, ms since the epoch (0: unknown)
     */
    record Remote(DocId doc, long version, TextOp op, String clientId, long seq, String author, long time)
            implements ServerMessage {
        public Remote {
            Check.notNull("doc", doc);
            new CommittedOp(version, op, clientId, seq, author, time);
        }

        /** A {@code remote} for a committed op. */
        public static Remote of(DocId doc, CommittedOp c) {
            return new Remote(doc, c.version(), c.op(), c.clientId(), c.seq(), c.author(), c.time());
        }

        /** The committed op this message carries. */
        public CommittedOp committed() {
            return new CommittedOp(version, op, clientId, seq, author, time);
        }

        @Override
        public String type() {
            return "remote";
        }
    }

    /**
     * {@code cursor}: another participant's selection, relayed as it was sent (positions refer to {@code version}).
     *
     * @param doc      the document
     * @param session  the participant's public session id
     * @param name     its display name, possibly empty
     * @param color    its color, {@code #rrggbb}
     * @param version  the version the positions refer to
     * @param anchor   selection start, code points
     * @param head     caret, code points
     */
    record Cursor(DocId doc, String session, String name, String color, long version, int anchor, int head)
            implements ServerMessage {
        public Cursor {
            Check.notNull("doc", doc);
            new Peer(session, name, color);
            Check.version("version", version);
            Check.range("anchor", anchor, 0, Integer.MAX_VALUE);
            Check.range("head", head, 0, Integer.MAX_VALUE);
        }

        @Override
        public String type() {
            return "cursor";
        }
    }

    /**
     * {@code presence}: everyone in a document (including the receiver), on every node: the reply to a
     * join, and again when presence becomes available or unavailable (or a roster from another node arrives).
     * Changes in between come as {@link PeerJoined} and {@link PeerLeft}.
     *
     * @param doc       the document
     * @param peers     the participants
     * @param available false when the presence registry is unreachable: the list may be incomplete (editing is unaffected)
     */
    record Presence(DocId doc, List<Peer> peers, boolean available) implements ServerMessage {
        public Presence {
            Check.notNull("doc", doc);
            peers = List.copyOf(Check.notNull("peers", peers));
        }

        public Presence(DocId doc, List<Peer> peers) {
            this(doc, peers, true);
        }

        @Override
        public String type() {
            return "presence";
        }
    }

    /**
     * {@code peer_joined}: someone joined a document the receiver is in.
     *
     * @param doc  the document
     * @param peer who joined
     */
    record PeerJoined(DocId doc, Peer peer) implements ServerMessage {
        public PeerJoined {
            Check.notNull("doc", doc);
            Check.notNull("peer", peer);
        }

        @Override
        public String type() {
            return "peer_joined";
        }
    }

    /**
     * {@code peer_left}: a session left a document the receiver is in (it left, disconnected, or its node died).
     *
     * @param doc     the document
     * @param session the session that left
     */
    record PeerLeft(DocId doc, String session) implements ServerMessage {
        public PeerLeft {
            Check.notNull("doc", doc);
            Check.session("session", session);
        }

        @Override
        public String type() {
            return "peer_left";
        }
    }

    /**
     * {@code error}: a reply error; the connection stays open. The wire {@code retryable} is {@link #retryable()}.
     *
     * @param code    the error code
     * @param message human-readable text (clients must not parse it), at most 4096 code units
     * @param doc     the document of the failed message, when known
     * @param seq     the seq of the failed op, when known
     * @param detail  more precise machine-readable code, e.g. the {@code op_*} code of {@code invalid_op}
     */
    record ErrorReply(ErrorCode code, String message, DocId doc, Long seq, String detail) implements ServerMessage {
        public ErrorReply {
            Check.notNull("code", code);
            Check.text("message", message, Protocol.MAX_ERROR_MESSAGE);
            if (seq != null) Check.seq("seq", seq);
            Check.optText("detail", detail, Protocol.MAX_SHORT_TEXT);
        }

        /** An error without correlation fields. */
        public static ErrorReply of(ErrorCode code, String message) {
            return new ErrorReply(code, message, null, null, null);
        }

        /** Whether resending the same message later may succeed ({@link ErrorCode#retryable()}). */
        public boolean retryable() {
            return code.retryable();
        }

        @Override
        public String type() {
            return "error";
        }
    }

    /**
     * {@code reconnect}: "reconnect elsewhere"; the server closes with {@link CloseCode#DRAINING} afterwards.
     *
     * @param reason       why, e.g. {@code draining}, at most 1024 code units
     * @param retryAfterMs how long to wait before reconnecting, 0..2^53-1 ms
     * @param url          where to reconnect, or null for the same URL
     */
    record Reconnect(String reason, long retryAfterMs, String url) implements ServerMessage {
        public Reconnect {
            Check.text("reason", reason, Protocol.MAX_SHORT_TEXT);
            Check.version("retryAfterMs", retryAfterMs);
            Check.optText("url", url, Protocol.MAX_SHORT_TEXT);
        }

        @Override
        public String type() {
            return "reconnect";
        }
    }

    /**
     * {@code pong}: the answer to {@code ping}, echoing its id.
     *
     * @param id null, a {@link Long} 0..2^53-1, or a {@link String} of at most 64 code units
     */
    record Pong(Object id) implements ServerMessage {
        public Pong {
            Check.pingId("id", id);
        }

        @Override
        public String type() {
            return "pong";
        }
    }
}
