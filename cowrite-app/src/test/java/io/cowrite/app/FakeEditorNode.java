package io.cowrite.app;

import io.cowrite.presence.api.Heartbeat;
import io.cowrite.presence.api.PresenceCodec;
import io.cowrite.presence.api.PresenceEvent;
import io.cowrite.presence.api.PresenceSession;
import io.cowrite.presence.api.PresenceSubjects;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An editor node as presence-service meets it (docs/presence.md), played with jnats: its own connection,
 * its sessions' joins, cursors and leaves on their documents' subjects, and a heartbeat of its live
 * sessions every interval. Every message goes out under this object's lock, so a beat lists exactly the
 * sessions joined before it and none left before it, as a real node guarantees.
 */
final class FakeEditorNode implements AutoCloseable {
    private static final PresenceCodec CODEC = new PresenceCodec();
    final String name;
    private final Connection connection;
    private final PresenceSubjects subjects;
    private final long started = System.currentTimeMillis();
    private final Map<String, PresenceSession> sessions = new LinkedHashMap<>();
    private final ScheduledExecutorService beater;
    private ScheduledFuture<?> beating;
    private boolean silent;
    private long beat;
    private volatile long lastBeatNanos;

    FakeEditorNode(String natsUrl, String prefix, String name) throws Exception {
        this.name = name;
        this.subjects = new PresenceSubjects(prefix);
        this.connection = Nats.connect(new Options.Builder().server(natsUrl).connectionName(name).build());
        this.beater = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(name + "-beat").factory());
    }

    synchronized PresenceSession join(String doc, String session, String user, String displayName, String color) {
        PresenceSession s = new PresenceSession(session, doc, user, displayName, color, name, System.currentTimeMillis());
        sessions.put(doc + " " + session, s);
        connection.publish(subjects.doc(doc), CODEC.encode(new PresenceEvent.Joined(s)));
        return s;
    }

    synchronized void cursor(PresenceSession s, long version, int anchor, int head) {
        connection.publish(subjects.doc(s.doc()), CODEC.encode(new PresenceEvent.Moved(s.doc(), s.session(), name, version, anchor, head)));
    }

    synchronized void leave(PresenceSession s) {
        sessions.remove(s.doc() + " " + s.session());
        connection.publish(subjects.doc(s.doc()), CODEC.encode(new PresenceEvent.Left(s.doc(), s.session(), name, PresenceEvent.Left.LEFT)));
    }

    /** One beat of the live sessions, in as many parts as it takes. */
    synchronized void beat() {
        for (Heartbeat part : Heartbeat.of(name, beat, started, new ArrayList<>(sessions.values()))) {
            connection.publish(subjects.nodes(), CODEC.encode(part));
        }
        beat++;
        lastBeatNanos = System.nanoTime();
    }

    synchronized List<PresenceSession> sessions() {
        return List.copyOf(sessions.values());
    }

    /** Beats now and every {@code interval}, as a live node does. */
    synchronized FakeEditorNode beatEvery(Duration interval) {
        silent = false;
        beating = beater.scheduleAtFixedRate(this::scheduledBeat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private synchronized void scheduledBeat() {
        if (!silent) beat();
    }

    /**
     * Falls silent, as a node that was SIGKILLed: no more beats, nothing else either.
     *
     * @return {@link System#nanoTime()} of its last beat
     */
    synchronized long fallSilent() {
        silent = true; // a beat already due waits for this lock, then sees it
        if (beating != null) beating.cancel(false);
        beating = null;
        return lastBeatNanos;
    }

    void flush() throws Exception {
        connection.flush(Duration.ofSeconds(10));
    }

    @Override
    public void close() throws InterruptedException {
        beater.shutdownNow();
        connection.close();
    }
}
