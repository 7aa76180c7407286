package io.cowrite.app;

import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ErrorCode;
import java.util.List;

/**
 * One hostile input for {@link HostileTrafficIT}: what goes on the wire and what docs/protocol.md says the
 * server does about it.
 *
 * @param name    a short label, for the statistics and for failure messages
 * @param out     what is sent, in order
 * @param expect  the documented outcome
 * @param counted true when the server counts it as an invalid message (a decoding failure after the
 *                welcome, §7: beyond {@code max-invalid-messages} per minute the connection closes 4003)
 * @param joins   the document this connection has joined afterwards (the expected reply is its snapshot)
 * @param leaves  the document this connection no longer has joined afterwards
 */
record HostileCase(String name, List<Out> out, Expect expect, boolean counted, String joins, String leaves) {

    static HostileCase reply(String name, String text, Expect expect, boolean counted) {
        return new HostileCase(name, List.of(new Text(text)), expect, counted, null, null);
    }

    static HostileCase close(String name, int code, Out... out) {
        return new HostileCase(name, List.of(out), new Close(code), false, null, null);
    }

    HostileCase joining(String doc) {
        return new HostileCase(name, out, expect, counted, doc, leaves);
    }

    HostileCase leaving(String doc) {
        return new HostileCase(name, out, expect, counted, joins, doc);
    }

    /** Frames this case puts on the wire (a text message counts once, however it is fragmented). */
    int frames() {
        return out.size();
    }

    /** What the server must answer. */
    sealed interface Expect {
    }

    /** An {@code error} reply; {@code doc} and {@code seq} are echoed exactly when the frame held valid ones (§6). */
    record Error(ErrorCode code, String detail, String doc, Long seq) implements Expect {
        /** Echoes as the codec finds them: a {@code doc}/{@code seq} of valid shape, else absent. */
        static Error of(ErrorCode code, String detail, String docJson, String seqJson) {
            return new Error(code, detail, validDoc(docJson), validSeq(seqJson));
        }
    }

    /** A {@code pong} with this id ({@code null}: without one). */
    record Pong(Object id) implements Expect {
    }

    /** The join reply: a {@code snapshot} of {@code doc}. */
    record Snapshot(String doc) implements Expect {
    }

    /** No reply at all (checked by a ping whose pong must come next). */
    record Silent() implements Expect {
    }

    /** A close frame with this code, and no reply before it. */
    record Close(int code) implements Expect {
    }

    /** The connection ends, with a close frame of any code or without one (what §8 leaves open). */
    record Ends() implements Expect {
    }

    /** Something to send. */
    sealed interface Out {
    }

    /** A text message; the attacker may compress it (if negotiated) or fragment it, which must not matter. */
    record Text(String text) implements Out {
    }

    /** One masked frame with this first byte (FIN, RSV and opcode bits). */
    record Frame(int b0, byte[] payload) implements Out {
    }

    /** Bytes as they are: headers that lie, unmasked frames. */
    record Raw(byte[] bytes) implements Out {
    }

    /** A compressed message of {@code inflated} bytes in {@code fragments} frames (a decompression bomb). */
    record Bomb(long inflated, int fragments) implements Out {
    }

    /** The doc id in this JSON value (a string literal of a valid id), else null. */
    static String validDoc(String json) {
        if (json == null || json.length() < 2 || json.charAt(0) != '"' || json.indexOf('\\') >= 0) return null;
        String s = json.substring(1, json.length() - 1);
        return DocId.isValid(s) ? s : null;
    }

    /** The seq in this JSON value when it is a number 1..2^53-1 by value, else null. */
    static Long validSeq(String json) {
        if (json == null) return null;
        try {
            java.math.BigDecimal d = new java.math.BigDecimal(json);
            if (d.signum() <= 0 || d.compareTo(java.math.BigDecimal.valueOf(9007199254740991L)) > 0) return null;
            if (d.stripTrailingZeros().scale() > 0) return null;
            return d.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
