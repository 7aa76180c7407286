package io.cowrite.core.protocol;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import java.util.List;

/** One valid instance of every message type, shared by the tests. */
final class Samples {
    static final DocId DOC = DocId.of("notes-2024_Q1");

    private Samples() {
    }

    static TextOp op() {
        try {
            return TextOp.of(new Component.Skip(3), new Component.Insert("hé😀"), new Component.Delete(2),
                    new Component.Skip(1), new Component.DeleteText("x"));
        } catch (OtException e) {
            throw new AssertionError(e);
        }
    }

    static List<ClientMessage> client() {
        return List.of(
                new ClientMessage.Hello(1, "c-1", "r3sume_S3cret-x", "tok.en", "Ada"),
                new ClientMessage.Hello(1, null, null, null, null),
                new ClientMessage.Hello(2, "A_z-09", "s", null, "Zoë 😀"),
                new ClientMessage.Join(DOC, null),
                new ClientMessage.Join(DOC, 0L),
                new ClientMessage.Join(DOC, Protocol.MAX_SAFE_INTEGER),
                new ClientMessage.Op(DOC, 41, "c-1", 7, op()),
                new ClientMessage.Op(DOC, 0, "c-1", Protocol.MAX_SAFE_INTEGER, TextOp.NOOP),
                new ClientMessage.Cursor(DOC, 42, 3, 5),
                new ClientMessage.Cursor(DOC, 0, 0, Integer.MAX_VALUE),
                new ClientMessage.Leave(DOC),
                new ClientMessage.Ping(null),
                new ClientMessage.Ping(17L),
                new ClientMessage.Ping("hb-1"));
    }

    static List<ServerMessage> server() {
        CommittedOp c1 = new CommittedOp(10, op(), "c-2", 3, "Bob", 1_764_500_000_123L);
        CommittedOp c2 = new CommittedOp(11, TextOp.NOOP, "c-1", 8, "", 0);
        return List.of(
                new ServerMessage.Welcome(1, "s-123", "c-1", "r3sume_S3cret-x", "node-a", new Limits(65536, 1_000_000, 20, 1024)),
                new ServerMessage.Snapshot(DOC, 42, "hello\nwörld 😀", false),
                new ServerMessage.Snapshot(DOC, 0, "", true),
                new ServerMessage.Snapshot(DOC, 7, "read only", false, true),
                new ServerMessage.Catchup(DOC, 10, 12, List.of(c1, c2)),
                new ServerMessage.Catchup(DOC, 5, 5, List.of()),
                new ServerMessage.Catchup(DOC, 5, 5, List.of(), true),
                new ServerMessage.Ack(DOC, 7, 41),
                ServerMessage.Remote.of(DOC, c1),
                new ServerMessage.Cursor(DOC, "s-2", "Bob", "#1a2B3c", 42, 1, 4),
                new ServerMessage.Presence(DOC, List.of(new Peer("s-1", "Ada", "#ff0000"),
                        new Peer("s-2", "", "#00ff00"))),
                new ServerMessage.Presence(DOC, List.of()),
                new ServerMessage.Presence(DOC, List.of(new Peer("s-1", "Ada", "#ff0000")), false),
                new ServerMessage.PeerJoined(DOC, new Peer("s-2", "Bob", "#00ff00")),
                new ServerMessage.PeerLeft(DOC, "s-2"),
                new ServerMessage.ErrorReply(ErrorCode.INVALID_OP, "bad op", DOC, 7L, "op_trailing_skip"),
                ServerMessage.ErrorReply.of(ErrorCode.RATE_LIMITED, "slow down"),
                new ServerMessage.Reconnect("draining", 1500, "wss://b.example/ws"),
                new ServerMessage.Reconnect("draining", 0, null),
                new ServerMessage.Pong(null),
                new ServerMessage.Pong(17L),
                new ServerMessage.Pong("hb-1"));
    }
}
