package io.cowrite.core.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cowrite.core.ot.TextOpJson;

/** Builds the JSON tree of a message: {@code type} first, optional fields omitted when null. */
final class MessageWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private MessageWriter() {
    }

    static ObjectNode write(ClientMessage m) {
        ObjectNode o = F.objectNode();
        o.put("type", m.type());
        switch (m) {
            case ClientMessage.Hello h -> {
                o.put("protocol", h.protocol());
                putOpt(o, "clientId", h.clientId());
                putOpt(o, "resume", h.resume());
                putOpt(o, "token", h.token());
                putOpt(o, "name", h.name());
            }
            case ClientMessage.Join j -> {
                o.put("doc", j.doc().value());
                if (j.version() != null) o.put("version", j.version());
            }
            case ClientMessage.Op op -> {
                o.put("doc", op.doc().value());
                o.put("base", op.base());
                o.put("clientId", op.clientId());
                o.put("seq", op.seq());
                o.set("op", TextOpJson.toJson(op.op()));
            }
            case ClientMessage.Cursor c -> {
                o.put("doc", c.doc().value());
                o.put("version", c.version());
                o.put("anchor", c.anchor());
                o.put("head", c.head());
            }
            case ClientMessage.Leave l -> o.put("doc", l.doc().value());
            case ClientMessage.Ping p -> putId(o, p.id());
        }
        return o;
    }

    static ObjectNode write(ServerMessage m) {
        ObjectNode o = F.objectNode();
        o.put("type", m.type());
        switch (m) {
            case ServerMessage.Welcome w -> {
                o.put("protocol", w.protocol());
                o.put("sessionId", w.sessionId());
                o.put("clientId", w.clientId());
                o.put("resume", w.resume());
                o.put("node", w.node());
                ObjectNode l = o.putObject("limits");
                l.put("maxMessageBytes", w.limits().maxMessageBytes());
                l.put("maxDocLength", w.limits().maxDocLength());
                l.put("opsPerSecond", w.limits().opsPerSecond());
                l.put("maxPendingMessages", w.limits().maxPendingMessages());
            }
            case ServerMessage.Snapshot s -> {
                o.put("doc", s.doc().value());
                o.put("version", s.version());
                o.put("text", s.text());
                o.put("resync", s.resync());
                if (s.readOnly()) o.put("readOnly", true);
            }
            case ServerMessage.Catchup c -> {
                o.put("doc", c.doc().value());
                o.put("from", c.from());
                o.put("version", c.version());
                if (c.readOnly()) o.put("readOnly", true);
                ArrayNode ops = o.putArray("ops");
                for (CommittedOp op : c.ops()) {
                    committed(ops.addObject(), op);
                }
            }
            case ServerMessage.Ack a -> {
                o.put("doc", a.doc().value());
                o.put("seq", a.seq());
                o.put("version", a.version());
            }
            case ServerMessage.Remote r -> {
                o.put("doc", r.doc().value());
                committed(o, r.committed());
            }
            case ServerMessage.Cursor c -> {
                o.put("doc", c.doc().value());
                o.put("session", c.session());
                o.put("name", c.name());
                o.put("color", c.color());
                o.put("version", c.version());
                o.put("anchor", c.anchor());
                o.put("head", c.head());
            }
            case ServerMessage.Presence p -> {
                o.put("doc", p.doc().value());
                ArrayNode peers = o.putArray("peers");
                for (Peer peer : p.peers()) {
                    ObjectNode e = peers.addObject();
                    e.put("session", peer.session());
                    e.put("name", peer.name());
                    e.put("color", peer.color());
                }
                o.put("available", p.available());
            }
            case ServerMessage.PeerJoined j -> {
                o.put("doc", j.doc().value());
                ObjectNode e = o.putObject("peer");
                e.put("session", j.peer().session());
                e.put("name", j.peer().name());
                e.put("color", j.peer().color());
            }
            case ServerMessage.PeerLeft l -> {
                o.put("doc", l.doc().value());
                o.put("session", l.session());
            }
            case ServerMessage.ErrorReply e -> {
                o.put("code", e.code().code());
                o.put("message", e.message());
                o.put("retryable", e.retryable());
                if (e.doc() != null) o.put("doc", e.doc().value());
                if (e.seq() != null) o.put("seq", e.seq());
                putOpt(o, "detail", e.detail());
            }
            case ServerMessage.Reconnect r -> {
                o.put("reason", r.reason());
                o.put("retryAfterMs", r.retryAfterMs());
                putOpt(o, "url", r.url());
            }
            case ServerMessage.Pong p -> putId(o, p.id());
        }
        return o;
    }

    private static void committed(ObjectNode o, CommittedOp c) {
        o.put("version", c.version());
        o.set("op", TextOpJson.toJson(c.op()));
        o.put("clientId", c.clientId());
        o.put("seq", c.seq());
        o.put("author", c.author());
        if (c.time() > 0) o.put("time", c.time());
    }

    private static void putOpt(ObjectNode o, String field, String value) {
        if (value != null) o.put(field, value);
    }

    private static void putId(ObjectNode o, Object id) {
        switch (id) {
            case null -> { }
            case Long l -> o.put("id", l);
            case String s -> o.put("id", s);
            default -> throw new IllegalArgumentException("Field 'id' must be a Long or a String");
        }
    }
}
