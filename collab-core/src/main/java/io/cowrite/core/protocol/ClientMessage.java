package io.cowrite.core.protocol;

import io.cowrite.core.ot.TextOp;

/**
 * A message from a client to the server. Every instance is valid: the compact constructors check ranges and
 * formats (throwing {@link IllegalArgumentException}), and {@link ProtocolCodec#decodeClient} only returns
 * valid messages. Optional fields are {@code null} when absent.
 *
 * <p>Thread-safe (immutable).
 */
public sealed interface ClientMessage {

    /** The wire {@code type}, e.g. {@code "op"}. */
    String type();

    /**
     * {@code hello}: the first message on a connection.
     *
     * @param protocol the protocol version the client speaks (any positive int is decoded; the server closes
     *                 with {@link CloseCode#UNSUPPORTED_PROTOCOL} unless it is {@link Protocol#VERSION})
     * @param clientId the identity to resume (from an earlier {@code welcome}), or {@code null} for a new one
     * @param resume   the resume secret the server issued with {@code clientId}; required with it
     * @param token    optional credential, at most 4096 code units
     * @param name     optional display name, at most 64 code units
     */
    record Hello(int protocol, String clientId, String resume, String token, String name) implements ClientMessage {
        public Hello {
            Check.range("protocol", protocol, 1, Integer.MAX_VALUE);
            if (clientId != null) Check.clientId("clientId", clientId);
            if (resume != null) Check.resume("resume", resume);
            if ((clientId == null) != (resume == null)) {
                throw new IllegalArgumentException("Fields 'clientId' and 'resume' go together");
            }
            Check.optText("token", token, Protocol.MAX_TOKEN_LENGTH);
            Check.optText("name", name, Protocol.MAX_NAME_LENGTH);
        }

        @Override
        public String type() {
            return "hello";
        }
    }

    /**
     * {@code join}: open a document.
     *
     * @param doc     the document
     * @param version the last version the client has seen (resume), or {@code null} for a fresh join
     */
    record Join(DocId doc, Long version) implements ClientMessage {
        public Join {
            Check.notNull("doc", doc);
            if (version != null) Check.version("version", version);
        }

        @Override
        public String type() {
            return "join";
        }
    }

    /**
     * {@code op}: submit an operation.
     *
     * @param doc      the document
     * @param base     the version the op applies to
     * @param clientId the sender's client id (must equal the hello's)
     * @param seq      the sender's sequence number, 1..2^53-1
     * @param op       the checked op
     */
    record Op(DocId doc, long base, String clientId, long seq, TextOp op) implements ClientMessage {
        public Op {
            Check.notNull("doc", doc);
            Check.version("base", base);
            Check.clientId("clientId", clientId);
            Check.seq("seq", seq);
            Check.notNull("op", op);
        }

        @Override
        public String type() {
            return "op";
        }
    }

    /**
     * {@code cursor}: the sender's selection, in code points of the document at {@code version}.
     *
     * @param doc     the document
     * @param version the version the positions refer to
     * @param anchor  where the selection started, 0..2^31-1
     * @param head    where the caret is, 0..2^31-1 (equal to anchor when nothing is selected)
     */
    record Cursor(DocId doc, long version, int anchor, int head) implements ClientMessage {
        public Cursor {
            Check.notNull("doc", doc);
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
     * {@code leave}: close a document.
     *
     * @param doc the document
     */
    record Leave(DocId doc) implements ClientMessage {
        public Leave {
            Check.notNull("doc", doc);
        }

        @Override
        public String type() {
            return "leave";
        }
    }

    /**
     * {@code ping}: application heartbeat, answered by {@code pong} with the same id.
     *
     * @param id null, a {@link Long} 0..2^53-1, or a {@link String} of at most 64 code units
     */
    record Ping(Object id) implements ClientMessage {
        public Ping {
            Check.pingId("id", id);
        }

        @Override
        public String type() {
            return "ping";
        }
    }
}
