package io.cowrite.editor.presence;

import io.cowrite.presence.PresenceRegistry;
import io.cowrite.presence.PresenceStats;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;

class LocalPresenceTest extends PresenceContract {
    private LocalPresence[] nodes;

    @BeforeEach
    void start() {
        LocalPresence.Hub hub = new LocalPresence.Hub(new PresenceRegistry(Clock.systemUTC(), Duration.ofSeconds(10), new PresenceStats()));
        nodes = new LocalPresence[] {new LocalPresence("a", hub), new LocalPresence("b", hub)};
    }

    @Override
    Presence node(int index) {
        return nodes[index];
    }
}
