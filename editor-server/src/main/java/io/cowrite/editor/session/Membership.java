package io.cowrite.editor.session;

import io.cowrite.bus.history.CommittedOp;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.Peer;
import io.cowrite.core.protocol.ServerMessage;
import io.cowrite.editor.doc.Document;
import io.cowrite.editor.doc.Participant;
import java.util.ArrayList;
import java.util.List;

/** A session's membership in one document: maps what the document says onto protocol messages. */
final class Membership implements Participant {
    private final ClientSession session;
    private final DocId id;
    final Document doc;
    private volatile String color;

    Membership(ClientSession session, DocId id, Document doc) {
        this.session = session;
        this.id = id;
        this.doc = doc;
    }

    @Override
    public void avoidColors(java.util.Set<String> taken) {
        color = Colors.distinct(session.color(), taken);
    }

    @Override
    public String clientId() {
        return session.clientId();
    }

    @Override
    public String name() {
        return session.name();
    }

    @Override
    public String color() {
        String c = color;
        return c != null ? c : session.color();
    }

    @Override
    public void snapshot(long version, String text, boolean resync) {
        session.send(new ServerMessage.Snapshot(id, version, text, resync));
    }

    @Override
    public void catchup(long from, long version, List<CommittedOp> ops) {
        List<io.cowrite.core.protocol.CommittedOp> wire = new ArrayList<>(ops.size());
        for (CommittedOp c : ops) wire.add(toWire(c));
        session.send(new ServerMessage.Catchup(id, from, version, wire));
    }

    @Override
    public void ack(long seq, long version) {
        session.send(new ServerMessage.Ack(id, seq, version));
    }

    @Override
    public void remote(CommittedOp op) {
        session.send(ServerMessage.Remote.of(id, toWire(op)));
    }

    @Override
    public void cursor(Participant from, long version, int anchor, int head) {
        session.send(new ServerMessage.Cursor(id, from.clientId(), from.name(), from.color(), version, anchor, head));
    }

    @Override
    public void presence(List<Participant> peers) {
        List<Peer> wire = new ArrayList<>(peers.size());
        for (Participant p : peers) wire.add(new Peer(p.clientId(), p.name(), p.color()));
        session.send(new ServerMessage.Presence(id, wire));
    }

    @Override
    public void error(Long seq, ErrorCode code, String message, String detail) {
        session.send(new ServerMessage.ErrorReply(code, message, id, seq, detail));
    }

    private static io.cowrite.core.protocol.CommittedOp toWire(CommittedOp c) {
        return new io.cowrite.core.protocol.CommittedOp(c.version(), c.op(), c.clientId(), c.seq(), c.author());
    }
}
