package io.cowrite.presence;

import io.cowrite.bus.Bus;
import io.cowrite.bus.BusException;
import io.cowrite.bus.BusMessage;
import io.cowrite.bus.ConnectionEvent;
import io.cowrite.bus.Subscription;
import io.cowrite.presence.api.Alive;
import io.cowrite.presence.api.Heartbeat;
import io.cowrite.presence.api.PresenceCodec;
import io.cowrite.presence.api.PresenceEvent;
import io.cowrite.presence.api.PresenceSubjects;
import io.cowrite.presence.api.RosterRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * presence-service on the bus (docs/presence.md). Every replica follows every document's events
 * ({@code <p>.presence.doc.*}) and every node's heartbeats ({@code <p>.presence.nodes}) without a queue
 * group, so each holds the whole registry. Once warm (and connected) it joins the queue group
 * {@code presence} on {@code <p>.presence.roster}, so one warm replica answers each roster request, publishes
 * its availability beacon on {@code <p>.presence.alive} every heartbeat interval, and expires silent nodes
 * at every sweep, publishing each expired {@code leave} on its document's subject. It also publishes a
 * {@code leave} for each session a complete heartbeat no longer lists (a lost leave).
 *
 * <p>A replica cut off from the bus warms up again once it is back: it stops answering at the disconnect
 * and, for {@code node-ttl} after the reconnect, neither answers nor expires (it missed heartbeats).
 *
 * <p>Malformed messages (undecodable, or an event on another document's subject) are dropped, counted
 * ({@link PresenceStats#malformed}) and logged at most once per minute. Threading: handlers run on the
 * bus's delivery thread and only touch the registry (short, locked); {@link #tick} and {@link #beacon}
 * run on the timer thread.
 */
public final class PresenceBusEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PresenceBusEndpoint.class);

    private final Bus bus;
    private final PresenceSubjects subjects;
    private final PresenceRegistry registry;
    private final PresenceStats stats;
    private final String replica;
    private final Clock clock;
    private final PresenceCodec codec = new PresenceCodec();
    private final ThrottledWarning malformed;
    private final ThrottledWarning unpublished;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    /** The roster subscription: non-null while warm. Guarded by {@code this}. */
    private Subscription rosters;
    /** Set by a disconnect or reconnect, cleared by the next tick. */
    private volatile boolean cooled;

    public PresenceBusEndpoint(Bus bus, PresenceSubjects subjects, PresenceRegistry registry, PresenceStats stats,
                               String replica, Clock clock) {
        this.bus = bus;
        this.subjects = subjects;
        this.registry = registry;
        this.stats = stats;
        this.replica = replica;
        this.clock = clock;
        this.malformed = new ThrottledWarning(LOG, clock, Duration.ofMinutes(1));
        this.unpublished = new ThrottledWarning(LOG, clock, Duration.ofMinutes(1));
    }

    /** Follows events and heartbeats. Rosters, the beacon and expiry wait for {@link #tick} to find the registry warm. */
    public PresenceBusEndpoint start() {
        subscriptions.add(bus.subscribe(subjects.allDocs(), this::onEvent));
        subscriptions.add(bus.subscribe(subjects.nodes(), this::onHeartbeat));
        bus.addConnectionListener(this::onConnection);
        // The warm-up counts from now, when it listens: connecting may have taken long (NATS not up yet).
        registry.rewarm();
        LOG.info("Presence replica {} follows {} and {}; it answers rosters once warm", replica, subjects.allDocs(), subjects.nodes());
        return this;
    }

    /** Runs {@link #tick} every {@code sweepInterval} and {@link #beacon} every {@code heartbeatInterval} on {@code timers}. */
    public PresenceBusEndpoint schedule(ScheduledExecutorService timers, Duration sweepInterval, Duration heartbeatInterval) {
        timers.scheduleAtFixedRate(guarded(this::tick), sweepInterval.toMillis(), sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
        timers.scheduleAtFixedRate(guarded(this::beacon), heartbeatInterval.toMillis(), heartbeatInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Presence timer task failed", e); // a scheduled task that throws would never run again
            }
        };
    }

    /**
     * Stops answering after a disconnect; once warm and connected, starts answering rosters (and beacons at
     * once); then expires silent nodes.
     */
    synchronized void tick() {
        if (cooled && rosters != null) {
            rosters.unsubscribe();
            rosters = null;
            LOG.info("Presence replica {} stopped answering rosters (the bus was cut off); it warms up again", replica);
        }
        cooled = false;
        if (!warm()) return;
        if (rosters == null) {
            rosters = bus.subscribe(subjects.roster(), PresenceSubjects.QUEUE, this::onRoster);
            LOG.info("Presence replica {} is warm: answering rosters on {} (queue group {})", replica, subjects.roster(),
                    PresenceSubjects.QUEUE);
            beacon();
        }
        for (PresenceEvent.Left expired : registry.sweep(clock.instant())) publish(expired);
    }

    /** Publishes the availability beacon, if warm. */
    synchronized void beacon() {
        if (rosters == null || !warm()) return;
        try {
            bus.publish(subjects.alive(), codec.encode(new Alive(replica)));
        } catch (BusException e) {
            unpublished.warn("Presence beacon not published: {}", e.getMessage());
        }
    }

    /** True while this replica answers rosters. */
    synchronized boolean answering() {
        return rosters != null && warm();
    }

    private boolean warm() {
        return bus.isConnected() && registry.isWarm();
    }

    /**
     * On a bus thread: the registry warms up again at once (so nothing is answered or expired meanwhile); the
     * next tick drops the roster subscription, which the bus would otherwise restore on reconnecting.
     */
    private void onConnection(ConnectionEvent event) {
        if (event == ConnectionEvent.CONNECTED) return;
        registry.rewarm();
        cooled = true;
    }

    private void onEvent(BusMessage m) {
        PresenceEvent event;
        try {
            event = codec.decode(m.payload(), PresenceEvent.class);
        } catch (IllegalArgumentException e) {
            malformed(m, e.getMessage());
            return;
        }
        if (!m.subject().equals(subjects.doc(event.doc()))) {
            malformed(m, "an event of document " + event.doc());
            return;
        }
        registry.apply(event);
    }

    private void onHeartbeat(BusMessage m) {
        Heartbeat part;
        try {
            part = codec.decode(m.payload(), Heartbeat.class);
        } catch (IllegalArgumentException e) {
            malformed(m, e.getMessage());
            return;
        }
        for (PresenceEvent change : registry.heartbeat(part)) {
            // Joins it repairs are only news to this registry: each node asks for rosters when it needs them.
            if (change instanceof PresenceEvent.Left left) publish(left);
        }
    }

    private void onRoster(BusMessage m) {
        RosterRequest request;
        try {
            request = codec.decode(m.payload(), RosterRequest.class);
        } catch (IllegalArgumentException e) {
            malformed(m, e.getMessage());
            return;
        }
        if (warm()) m.respond(codec.encode(registry.roster(request.doc())));
    }

    private void publish(PresenceEvent.Left left) {
        try {
            bus.publish(subjects.doc(left.doc()), codec.encode(left));
        } catch (BusException e) {
            unpublished.warn("Presence leave not published: {}", e.getMessage());
        }
    }

    private void malformed(BusMessage m, String why) {
        stats.malformed.increment();
        malformed.warn("Dropped a malformed presence message (cowrite_presence_malformed_total counts them): {}",
                m.subject() + ": " + why);
    }

    @Override
    public synchronized void close() {
        subscriptions.forEach(Subscription::unsubscribe);
        if (rosters != null) rosters.unsubscribe();
        rosters = null;
    }
}
