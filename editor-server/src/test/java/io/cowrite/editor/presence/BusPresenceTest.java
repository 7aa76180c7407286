package io.cowrite.editor.presence;

import io.cowrite.bus.Bus;
import io.cowrite.bus.NatsBus;
import io.cowrite.bus.NatsBusOptions;
import io.cowrite.presence.PresenceBusEndpoint;
import io.cowrite.presence.PresenceRegistry;
import io.cowrite.presence.PresenceStats;
import io.cowrite.presence.api.PresenceSubjects;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract over the bus: two {@link BusPresence} nodes and presence-service's real endpoint and
 * registry, each on its own connection to the real NATS server ({@code cowrite.nats.url}, default
 * 127.0.0.1:4222), as in production. Not the in-process bus: reconciling heartbeats relies on NATS keeping
 * one connection's messages in order across subjects (docs/presence.md), which {@code LocalBus} does not
 * promise (each of its subscriptions is delivered on its own), and over it a heartbeat could overtake the
 * join sent before it and remove the session with its cursor.
 */
class BusPresenceTest extends PresenceContract {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final List<NatsBus> connections = new ArrayList<>();
    private PresenceRegistry registry;
    private PresenceBusEndpoint endpoint;
    private BusPresence[] nodes;

    @BeforeEach
    void start() throws Exception {
        Bus bus = connect("presence-service");
        PresenceSubjects subjects = new PresenceSubjects("t" + UUID.randomUUID().toString().substring(0, 8));
        registry = new PresenceRegistry(Clock.systemUTC(), Duration.ofMillis(300), new PresenceStats());
        endpoint = new PresenceBusEndpoint(bus, subjects, registry, new PresenceStats(), "replica-1", Clock.systemUTC())
                .start().schedule(timers, Duration.ofMillis(50), Duration.ofMillis(50));
        subscribed();
        await(registry::isWarm, "the registry to warm up");
        nodes = new BusPresence[] {
            new BusPresence(connect("editor-a"), subjects, "a", timers, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(2)),
            new BusPresence(connect("editor-b"), subjects, "b", timers, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(2))};
    }

    @AfterEach
    void stop() {
        for (BusPresence n : nodes) n.close();
        endpoint.close();
        timers.shutdownNow();
        connections.forEach(NatsBus::close);
    }

    @Override
    void subscribed() {
        for (NatsBus c : connections) c.flush(Duration.ofSeconds(5));
    }

    private NatsBus connect(String name) {
        NatsBus bus = NatsBus.connect(NatsBusOptions.of(System.getProperty("cowrite.nats.url", "nats://127.0.0.1:4222"),
                "bus-presence-test-" + name));
        connections.add(bus);
        return bus;
    }

    @Override
    Presence node(int index) {
        return nodes[index];
    }
}
