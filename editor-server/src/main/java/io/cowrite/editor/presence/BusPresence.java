package io.cowrite.editor.presence;

import io.cowrite.bus.Bus;
import io.cowrite.bus.BusException;
import io.cowrite.bus.Subscription;
import io.cowrite.presence.api.Alive;
import io.cowrite.presence.api.Heartbeat;
import io.cowrite.presence.api.PresenceCodec;
import io.cowrite.presence.api.PresenceEvent;
import io.cowrite.presence.api.PresenceSession;
import io.cowrite.presence.api.PresenceSubjects;
import io.cowrite.presence.api.Roster;
import io.cowrite.presence.api.RosterRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence over NATS (docs/presence.md): this node's sessions' events go on their document's subject,
 * where the other nodes with sessions in it and presence-service hear them; the node heartbeats its live
 * sessions; rosters come from presence-service; its beacon says whether it is available. Publishing never
 * blocks and never fails an edit: when the bus is down, presence events are dropped (the next heartbeat
 * repairs the registry).
 */
public final class BusPresence implements Presence {
    private static final Logger LOG = LoggerFactory.getLogger(BusPresence.class);

    private final Bus bus;
    private final PresenceSubjects subjects;
    private final PresenceCodec codec = new PresenceCodec();
    private final String node;
    private final Duration nodeTtl;
    private final Duration rosterTimeout;
    private final long started = System.currentTimeMillis();
    private final Map<String, PresenceSession> mine = new ConcurrentHashMap<>();
    private final List<Consumer<Boolean>> availabilityListeners = new CopyOnWriteArrayList<>();
    private final Subscription aliveSubscription;
    private final ScheduledFuture<?> beats;
    private final ScheduledFuture<?> watch;
    private long beat;
    /** When presence-service last said it is alive (nanoTime); 0 after a failed roster request. */
    private volatile long lastAlive = System.nanoTime(); // a grace period of one node-ttl after start
    private volatile boolean available = true;
    private final Object availabilityLock = new Object();

    public BusPresence(Bus bus, PresenceSubjects subjects, String node, ScheduledExecutorService timers,
                       Duration heartbeatInterval, Duration nodeTtl, Duration rosterTimeout) {
        this.bus = bus;
        this.subjects = subjects;
        this.node = node;
        this.nodeTtl = nodeTtl;
        this.rosterTimeout = rosterTimeout;
        this.aliveSubscription = bus.subscribe(subjects.alive(), m -> {
            try {
                codec.decode(m.payload(), Alive.class);
                lastAlive = System.nanoTime();
                check();
            } catch (IllegalArgumentException e) {
                LOG.debug("ignoring a malformed presence beacon: {}", e.getMessage());
            }
        });
        long every = heartbeatInterval.toMillis();
        this.beats = timers.scheduleAtFixedRate(this::heartbeat, 0, every, TimeUnit.MILLISECONDS);
        this.watch = timers.scheduleAtFixedRate(this::check, 1000, 1000, TimeUnit.MILLISECONDS);
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public AutoCloseable follow(String doc, Consumer<PresenceEvent> listener) {
        Subscription s = bus.subscribe(subjects.doc(doc), m -> {
            PresenceEvent e;
            try {
                e = codec.decode(m.payload(), PresenceEvent.class);
            } catch (IllegalArgumentException ex) {
                LOG.debug("ignoring a malformed presence event on {}: {}", doc, ex.getMessage());
                return;
            }
            if (!e.doc().equals(doc)) return;
            if (!e.node().equals(node)) {
                listener.accept(e);
            } else if (e instanceof PresenceEvent.Left l && PresenceEvent.Left.EXPIRED.equals(l.reason())) {
                // presence-service gave up on this node (it was cut off, not dead): announce the live session again
                PresenceSession still = mine.get(key(l.doc(), l.session()));
                if (still != null) send(subjects.doc(doc), codec.encode(new PresenceEvent.Joined(still)));
            }
        });
        return s::unsubscribe;
    }

    @Override
    public CompletableFuture<Roster> roster(String doc) {
        return bus.request(subjects.roster(), codec.encode(new RosterRequest(doc)), rosterTimeout)
                .thenApply(bytes -> codec.decode(bytes, Roster.class))
                .whenComplete((r, err) -> {
                    if (err != null) {
                        LOG.debug("no roster of {}: {}", doc, err.toString());
                        lastAlive = 0; // presence-service did not answer: unavailable until its next beacon
                        check();
                    }
                });
    }

    /**
     * Publishes one of this node's events. A join or leave also updates the sessions the heartbeat lists, under
     * one lock with the heartbeat, so that a beat never carries a session that left after the beat's list was
     * taken but before it went out (which would bring it back until the next beat).
     */
    @Override
    public void publish(PresenceEvent event) {
        if (event instanceof PresenceEvent.Moved) {
            send(subjects.doc(event.doc()), codec.encode(event));
            return;
        }
        synchronized (this) {
            if (event instanceof PresenceEvent.Joined j) mine.put(key(j.doc(), j.session()), j.who());
            if (event instanceof PresenceEvent.Left l) mine.remove(key(l.doc(), l.session()));
            send(subjects.doc(event.doc()), codec.encode(event));
        }
    }

    private static String key(String doc, String session) {
        return doc + '\u0000' + session;
    }

    private void send(String subject, byte[] payload) {
        try {
            bus.publish(subject, payload);
        } catch (BusException e) {
            LOG.debug("presence not published on {}: {}", subject, e.getMessage());
        }
    }

    /** Publishes this node's live sessions (in parts of at most 500). */
    private synchronized void heartbeat() {
        try {
            List<PresenceSession> live = new ArrayList<>(mine.values());
            for (Heartbeat part : Heartbeat.of(node, beat++, started, live)) send(subjects.nodes(), codec.encode(part));
        } catch (RuntimeException e) {
            LOG.warn("presence heartbeat failed", e);
        }
    }

    private void check() {
        boolean changed;
        boolean now;
        synchronized (availabilityLock) {
            long last = lastAlive;
            now = last != 0 && System.nanoTime() - last < nodeTtl.toNanos();
            changed = now != available;
            available = now;
        }
        if (!changed) return;
        LOG.info("presence is {}", now ? "available again" : "unavailable (no beacon from presence-service)");
        for (Consumer<Boolean> l : availabilityListeners) l.accept(now);
    }

    @Override
    public boolean isAvailable() {
        return available;
    }

    @Override
    public void onAvailability(Consumer<Boolean> listener) {
        availabilityListeners.add(listener);
    }

    @Override
    public void close() {
        beats.cancel(false);
        watch.cancel(false);
        aliveSubscription.unsubscribe();
    }
}
