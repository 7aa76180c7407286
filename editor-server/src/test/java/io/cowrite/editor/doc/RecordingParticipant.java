package io.cowrite.editor.doc;

import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.core.protocol.ErrorCode;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A participant that records what the document tells it, as strings like {@code ack 3@5}. */
final class RecordingParticipant implements Participant {
    private final String clientId;
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    RecordingParticipant(String clientId) {
        this.clientId = clientId;
    }

    String next() throws InterruptedException {
        String e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) throw new AssertionError(clientId + " got nothing");
        return e;
    }

    /** The next event that is not presence. */
    String nextOp() throws InterruptedException {
        String e;
        do {
            e = next();
        } while (e.startsWith("presence"));
        return e;
    }

    /** The next ack or error, skipping remote ops and presence. */
    String nextAck() throws InterruptedException {
        String e;
        do {
            e = next();
        } while (e.startsWith("presence") || e.startsWith("remote"));
        return e;
    }

    @Override public String clientId() { return clientId; }
    @Override public String sessionId() { return "s-" + clientId; }
    @Override public String name() { return clientId; }
    private volatile String color;
    @Override public String color() { return color != null ? color : io.cowrite.editor.presence.Colors.forClient(clientId); }
    @Override public void avoidColors(java.util.Set<String> taken) { color = io.cowrite.editor.presence.Colors.distinct(io.cowrite.editor.presence.Colors.forClient(clientId), taken); }
    @Override public void snapshot(long version, String text, boolean resync) { events.add((resync ? "resync " : "snapshot ") + version + " " + text); }
    @Override public void catchup(long from, long version, List<CommittedOp> ops) { events.add("catchup " + from + ".." + version); }
    private long deliveredAck;

    @Override public void ack(long seq, long version) {
        deliveredAck = seq;
        events.add("ack " + seq + "@" + version);
    }

    @Override public void ackCommitted(long seq, long version) {
        if (seq != deliveredAck) events.add("ack " + seq + "@" + version); // as a session's membership does
    }
    @Override public void remote(CommittedOp op, byte[] frame) { events.add("remote " + op.clientId() + "/" + op.seq() + "@" + op.version()); }
    private static final io.cowrite.core.protocol.ProtocolCodec CODEC = new io.cowrite.core.protocol.ProtocolCodec();

    /** Presence frames, recorded as "presence N [unavailable]", "presence+ session", "presence- session", "cursor session v a h". */
    @Override public void frame(byte[] frame) {
        var decoded = CODEC.decodeServer(new String(frame, java.nio.charset.StandardCharsets.UTF_8));
        if (!(decoded instanceof io.cowrite.core.protocol.Decoded.Ok<io.cowrite.core.protocol.ServerMessage> ok)) {
            events.add("undecodable " + decoded);
            return;
        }
        switch (ok.message()) {
            case io.cowrite.core.protocol.ServerMessage.Presence p -> events.add("presence " + p.peers().size() + (p.available() ? "" : " unavailable"));
            case io.cowrite.core.protocol.ServerMessage.PeerJoined j -> events.add("presence+ " + j.peer().session());
            case io.cowrite.core.protocol.ServerMessage.PeerLeft l -> events.add("presence- " + l.session());
            case io.cowrite.core.protocol.ServerMessage.Cursor c -> events.add("cursor " + c.session() + " " + c.version() + " " + c.anchor() + " " + c.head());
            default -> events.add("frame " + ok.message().type());
        }
    }
    @Override public String userId() { return "user-" + clientId; }
    @Override public void error(Long seq, ErrorCode code, String message, String detail) { events.add("error " + seq + " " + code.code()); }
}
