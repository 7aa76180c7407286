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
import java.util.concurrent.CompletableFuture;

/** A session's membership in one document: maps what the document says onto protocol messages. */
final class Membership implements Participant {
    private final ClientSession session;
    private final DocId doc;
    volatile CompletableFuture<Document> opening;

    Membership(ClientSession session, DocId doc) {
        this.session = session;
        this.doc = doc;
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
        return session.color();
    }

    @Override
    public void snapshot(String id, long version, String text, boolean resync) {
        session.send(new ServerMessage.Snapshot(doc, version, text, resync));
    }

    @Override
    public void catchup(String id, long from, long version, List<CommittedOp> ops) {
        List<io.cowrite.core.protocol.CommittedOp> wire = new ArrayList<>(ops.size());
        for (CommittedOp c : ops) wire.add(toWire(c));
        session.send(new ServerMessage.Catchup(doc, from, version, wire));
    }

    @Override
    public void ack(String id, long seq, long version) {
        session.send(new ServerMessage.Ack(doc, seq, version));
    }

    @Override
    public void remote(CommittedOp op) {
        session.send(ServerMessage.Remote.of(doc, toWire(op)));
    }

    @Override
    public void cursor(String id, Participant from, long version, int anchor, int head) {
        session.send(new ServerMessage.Cursor(doc, from.clientId(), from.name(), from.color(), version, anchor, head));
    }

    @Override
    public void presence(String id, List<Participant> peers) {
        List<Peer> wire = new ArrayList<>(peers.size());
        for (Participant p : peers) wire.add(new Peer(p.clientId(), p.name(), p.color()));
        session.send(new ServerMessage.Presence(doc, wire));
    }

    @Override
    public void error(String id, Long seq, ErrorCode code, String message, String detail) {
        session.send(new ServerMessage.ErrorReply(code, message, doc, seq, detail));
    }

    private static io.cowrite.core.protocol.CommittedOp toWire(CommittedOp c) {
        return new io.cowrite.core.protocol.CommittedOp(c.version(), c.op(), c.clientId(), c.seq(), c.author());
    }
}
