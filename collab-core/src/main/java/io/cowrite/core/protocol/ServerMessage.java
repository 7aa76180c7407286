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
     * @param sessionId id of this connection (for logs and support), 1..1024 code units
     * @param node      the server node, 1..1024 code units
     * @param limits    the limits that apply to this connection
     */
    record Welcome(int protocol, String sessionId, String node, Limits limits) implements ServerMessage {
        public Welcome {
            Check.range("protocol", protocol, 1, Integer.MAX_VALUE);
            Check.nonEmpty("sessionId", sessionId, Protocol.MAX_SHORT_TEXT);
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
     */
    record Snapshot(DocId doc, long version, String text, boolean resync) implements ServerMessage {
        public Snapshot {
            Check.notNull("doc", doc);
            Check.version("version", version);
            Check.text("text", text, Integer.MAX_VALUE);
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
     */
    record Catchup(DocId doc, long from, long version, List<CommittedOp> ops) implements ServerMessage {
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
     */
    record Remote(DocId doc, long version, TextOp op, String clientId, long seq, String author)
            implements ServerMessage {
        public Remote {
            Check.notNull("doc", doc);
            new CommittedOp(version, op, clientId, seq, author);
        }

        /** A {@code remote} for a committed op. */
        public static Remote of(DocId doc, CommittedOp c) {
            return new Remote(doc, c.version(), c.op(), c.clientId(), c.seq(), c.author());
        }

        /** The committed op this message carries. */
        public CommittedOp committed() {
            return new CommittedOp(version, op, clientId, seq, author);
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
     * @param clientId the participant
     * @param name     its display name, possibly empty
     * @param color    its color, {@code #rrggbb}
     * @param version  the version the positions refer to
     * @param anchor   selection start, code points
     * @param head     caret, code points
     */
    record Cursor(DocId doc, String clientId, String name, String color, long version, int anchor, int head)
            implements ServerMessage {
        public Cursor {
            Check.notNull("doc", doc);
            new Peer(clientId, name, color);
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
     * {@code presence}: the full list of participants of a document (including the receiver), sent on every change.
     *
     * @param doc   the document
     * @param peers the participants
     */
    record Presence(DocId doc, List<Peer> peers) implements ServerMessage {
        public Presence {
            Check.notNull("doc", doc);
            peers = List.copyOf(Check.notNull("peers", peers));
        }

        @Override
        public String type() {
            return "presence";
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
