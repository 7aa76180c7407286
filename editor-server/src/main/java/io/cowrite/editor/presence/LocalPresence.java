package io.cowrite.editor.presence;

import io.cowrite.presence.api.PresenceDirectory;
import io.cowrite.presence.api.PresenceEvent;
import io.cowrite.presence.api.Roster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Presence in process: the single-process mode (one node), and tests that run several nodes in one JVM.
 * Every node's {@code LocalPresence} shares one {@link Hub}, which records events in the registry (a
 * {@link PresenceDirectory}: presence-service's registry, so its HTTP API sees the same people) and passes
 * them to the other nodes following the document, synchronously and without encoding. Always available.
 */
public final class LocalPresence implements Presence {
    private final String node;
    private final Hub hub;

    public LocalPresence(String node, Hub hub) {
        this.node = node;
        this.hub = hub;
    }

    /** What the nodes of one process share: the registry and who follows which document. */
    public static final class Hub {
        private final PresenceDirectory directory;
        private final Map<String, List<Follower>> followers = new ConcurrentHashMap<>();

        public Hub(PresenceDirectory directory) {
            this.directory = directory;
        }

        private record Follower(String node, Consumer<PresenceEvent> listener) {
        }

        void publish(PresenceEvent event) {
            directory.apply(event);
            for (Follower f : followers.getOrDefault(event.doc(), List.of())) {
                if (!f.node().equals(event.node())) f.listener().accept(event);
            }
        }
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public AutoCloseable follow(String doc, Consumer<PresenceEvent> listener) {
        Hub.Follower f = new Hub.Follower(node, listener);
        hub.followers.compute(doc, (d, list) -> {
            List<Hub.Follower> l = list == null ? new CopyOnWriteArrayList<>() : list;
            l.add(f);
            return l;
        });
        return () -> hub.followers.computeIfPresent(doc, (d, list) -> {
            list.remove(f);
            return list.isEmpty() ? null : list;
        });
    }

    @Override
    public CompletableFuture<Roster> roster(String doc) {
        return CompletableFuture.completedFuture(hub.directory.roster(doc));
    }

    @Override
    public void publish(PresenceEvent event) {
        hub.publish(event);
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public void onAvailability(Consumer<Boolean> listener) {
        // always available
    }

    @Override
    public void close() {
    }
}
