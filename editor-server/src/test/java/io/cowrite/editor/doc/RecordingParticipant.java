package io.cowrite.editor.doc;

import io.cowrite.bus.history.CommittedOp;
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
    @Override public String name() { return clientId; }
    @Override public String color() { return "#000"; }
    @Override public void avoidColors(java.util.Set<String> taken) { }
    @Override public void snapshot(long version, String text, boolean resync) { events.add("snapshot " + version + " " + text); }
    @Override public void catchup(long from, long version, List<CommittedOp> ops) { events.add("catchup " + from + ".." + version); }
    @Override public void ack(long seq, long version) { events.add("ack " + seq + "@" + version); }
    @Override public void remote(CommittedOp op) { events.add("remote " + op.clientId() + "/" + op.seq() + "@" + op.version()); }
    @Override public void cursor(Participant from, long version, int anchor, int head) { events.add("cursor " + from.clientId()); }
    @Override public void presence(List<Participant> peers) { events.add("presence " + peers.size()); }
    @Override public void error(Long seq, ErrorCode code, String message, String detail) { events.add("error " + seq + " " + code.code()); }
}
