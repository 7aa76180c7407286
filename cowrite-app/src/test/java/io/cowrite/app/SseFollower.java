package io.cowrite.app;

import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.core.protocol.Decoded;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.core.protocol.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A client following a document over Server-Sent Events (docs/protocol.md §13.2), as a shell or a browser
 * would: one real HTTP stream, events parsed line by line, the text kept from the snapshot and every op.
 * Checks that event ids are the versions the events bring it to. Thread-safe (synchronized).
 */
final class SseFollower implements AutoCloseable {
    record Event(String name, String id, String data) {
    }

    private static final ProtocolCodec CODEC = new ProtocolCodec();
    private final List<Event> events = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private CompletableFuture<HttpResponse<Stream<String>>> response;
    private String text = "";
    private long version = -1;
    private String lastId;
    private int status;
    private boolean ended;
    private int comments;
    private int emptyData;

    /** Opens the stream, a fresh join. */
    SseFollower open(URI events) {
        return open(events, null);
    }

    /** Opens the stream resuming from what {@code earlier} had: its text at the version of its last event id. */
    SseFollower resume(URI events, SseFollower earlier) {
        synchronized (this) {
            text = earlier.text();
            version = earlier.version();
        }
        return open(events, earlier.lastId());
    }

    private SseFollower open(URI events, String lastEventId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(events).header("Accept", "text/event-stream");
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        response = HttpClient.newHttpClient().sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> {
            synchronized (this) {
                status = r.statusCode();
            }
            read(r.body());
        });
        return this;
    }

    private void read(Stream<String> lines) {
        String name = null, id = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data.length() > 0) on(new Event(name, id, data.toString()));
                    name = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith(":")) {
                    synchronized (this) {
                        comments++;
                    }
                } else if (line.startsWith("data:")) {
                    if (line.substring(5).isBlank()) {
                        synchronized (this) {
                            emptyData++;
                        }
                    }
                    data.append(line.substring(5).stripLeading());
                }
            }
        } catch (RuntimeException closed) {
            // the stream was closed by close()
        }
        synchronized (this) {
            ended = true;
        }
    }

    private synchronized void on(Event e) {
        events.add(e);
        if (e.id() != null) lastId = e.id();
        if ("close".equals(e.name())) return;
        if (!(CODEC.decodeServer(e.data()) instanceof Decoded.Ok<ServerMessage> ok)) {
            problems.add("undecodable " + e);
            return;
        }
        if (!ok.message().type().equals(e.name())) problems.add("event name " + e.name() + " for " + ok.message().type());
        try {
            switch (ok.message()) {
                case ServerMessage.Snapshot s -> {
                    text = s.text();
                    version = s.version();
                }
                case ServerMessage.Catchup c -> {
                    for (CommittedOp op : c.ops()) apply(op.version(), op.op());
                    version = c.version();
                }
                case ServerMessage.Remote r -> apply(r.version(), r.op());
                default -> {
                }
            }
        } catch (Exception ex) {
            problems.add(ex.toString());
        }
        if (e.id() != null && Long.parseLong(e.id()) != version) problems.add("id " + e.id() + " at version " + version);
    }

    private void apply(long at, io.cowrite.core.ot.TextOp op) throws Exception {
        if (at != version) throw new AssertionError("op at " + at + " while at version " + version);
        text = TextType.apply(text, op);
        version = at + 1;
    }

    synchronized String text() {
        return text;
    }

    synchronized long version() {
        return version;
    }

    synchronized String lastId() {
        return lastId;
    }

    /** Comment lines (keep-alives) seen, and data lines without data (which would be events to a browser). */
    synchronized int comments() {
        return comments;
    }

    synchronized int emptyData() {
        return emptyData;
    }

    synchronized int status() {
        return status;
    }

    synchronized boolean ended() {
        return ended;
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public void close() {
        if (response != null) response.thenAccept(r -> r.body().close());
    }
}
