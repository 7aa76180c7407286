package io.cowrite.core.protocol;

import java.util.ArrayList;
import java.util.List;

/** Builds a {@link ServerMessage} from the fields of a frame whose {@code type} is known (Java clients, tests). */
final class ServerReader {
    private ServerReader() {
    }

    /** The server message types of protocol v1. */
    static boolean isType(String type) {
        return switch (type) {
            case "welcome", "snapshot", "catchup", "ack", "remote", "cursor", "presence", "peer_joined", "peer_left", "error", "reconnect",
                 "pong" -> true;
            default -> false;
        };
    }

    static ServerMessage read(String type, JsonFields f) throws FieldException {
        return switch (type) {
            case "welcome" -> new ServerMessage.Welcome(
                    f.int32("protocol", 1, Integer.MAX_VALUE),
                    f.session("sessionId"),
                    f.clientId("clientId"),
                    f.resume("resume"),
                    f.nonEmpty("node", Protocol.MAX_SHORT_TEXT),
                    limits(f.object("limits")));
            case "snapshot" -> new ServerMessage.Snapshot(
                    f.doc("doc"), f.version("version"), f.string("text", Integer.MAX_VALUE), f.bool("resync"),
                    f.optBool("readOnly"));
            case "catchup" -> catchup(f);
            case "ack" -> new ServerMessage.Ack(f.doc("doc"), f.seq("seq"), f.version("version"));
            case "remote" -> ServerMessage.Remote.of(f.doc("doc"), committed(f));
            case "cursor" -> new ServerMessage.Cursor(
                    f.doc("doc"), f.session("session"), f.name("name"), f.color("color"),
                    f.version("version"),
                    f.int32("anchor", 0, Integer.MAX_VALUE),
                    f.int32("head", 0, Integer.MAX_VALUE));
            case "presence" -> {
                var doc = f.doc("doc");
                List<Peer> peers = new ArrayList<>();
                for (JsonFields p : f.objects("peers")) {
                    peers.add(new Peer(p.session("session"), p.name("name"), p.color("color")));
                }
                yield new ServerMessage.Presence(doc, peers, f.opt("available") == null || f.bool("available"));
            }
            case "peer_joined" -> {
                var doc = f.doc("doc");
                JsonFields p = f.object("peer");
                yield new ServerMessage.PeerJoined(doc, new Peer(p.session("session"), p.name("name"), p.color("color")));
            }
            case "peer_left" -> new ServerMessage.PeerLeft(f.doc("doc"), f.session("session"));
            case "error" -> error(f);
            case "reconnect" -> new ServerMessage.Reconnect(
                    f.string("reason", Protocol.MAX_SHORT_TEXT),
                    f.version("retryAfterMs"),
                    f.optString("url", Protocol.MAX_SHORT_TEXT));
            case "pong" -> new ServerMessage.Pong(f.pingId("id"));
            default -> throw new FieldException(ErrorCode.UNKNOWN_TYPE, "Unknown message type");
        };
    }

    private static Limits limits(JsonFields f) throws FieldException {
        return new Limits(
                f.int32("maxMessageBytes", 1, Integer.MAX_VALUE),
                f.int32("maxDocLength", 1, Integer.MAX_VALUE),
                f.int32("opsPerSecond", 1, Integer.MAX_VALUE),
                f.int32("maxPendingMessages", 1, Integer.MAX_VALUE));
    }

    private static CommittedOp committed(JsonFields f) throws FieldException {
        long version = f.version("version");
        var op = f.op("op");
        String clientId = f.clientId("clientId");
        long seq = f.seq("seq");
        String author = f.name("author");
        Long time = f.optInteger("time", 0, Protocol.MAX_SAFE_INTEGER);
        return new CommittedOp(version, op, clientId, seq, author, time == null ? 0 : time);
    }

    private static ServerMessage.Catchup catchup(JsonFields f) throws FieldException {
        var doc = f.doc("doc");
        long from = f.version("from");
        long version = f.version("version");
        List<CommittedOp> ops = new ArrayList<>();
        for (JsonFields o : f.objects("ops")) {
            CommittedOp c = committed(o);
            if (c.version() != from + ops.size()) {
                throw JsonFields.invalid("Field '" + o.path("version") + "' must be " + (from + ops.size()));
            }
            ops.add(c);
        }
        if (version != from + ops.size()) {
            throw JsonFields.invalid("Field 'version' must equal from + number of ops");
        }
        return new ServerMessage.Catchup(doc, from, version, ops, f.optBool("readOnly"));
    }

    private static ServerMessage.ErrorReply error(JsonFields f) throws FieldException {
        String wire = f.string("code", Protocol.MAX_SHORT_TEXT);
        ErrorCode code = ErrorCode.fromCode(wire)
                .orElseThrow(() -> JsonFields.invalid("Field 'code' is not an error code of protocol v1"));
        if (f.bool("retryable") != code.retryable()) {
            throw JsonFields.invalid("Field 'retryable' must be " + code.retryable() + " for " + wire);
        }
        String message = f.string("message", Protocol.MAX_ERROR_MESSAGE);
        var doc = f.opt("doc") == null ? null : f.doc("doc");
        Long seq = f.optInteger("seq", 1, Protocol.MAX_SAFE_INTEGER);
        return new ServerMessage.ErrorReply(code, message, doc, seq, f.optString("detail", Protocol.MAX_SHORT_TEXT));
    }
}
