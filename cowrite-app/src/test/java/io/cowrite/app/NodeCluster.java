package io.cowrite.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The distributed deployment on loopback, every service its own JVM: a fresh database, one or more
 * history-service replicas, one presence-service and {@code n} editor-server nodes on one NATS server,
 * under a random subject prefix so that runs sharing the NATS server stay apart. presence-service and the
 * editor nodes start in parallel.
 */
final class NodeCluster implements AutoCloseable {
    final TestDatabase db;
    final String prefix;
    final String name;
    /** The first history-service replica. */
    final ServiceProcess history;
    final List<ServiceProcess> histories;
    final List<ServiceProcess> editors;
    /** The presence-service (replaced by {@link #restartPresence}). */
    volatile ServiceProcess presence;
    private final Map<String, String> bus;

    private NodeCluster(TestDatabase db, String prefix, String name, List<ServiceProcess> histories,
                        ServiceProcess presence, List<ServiceProcess> editors, Map<String, String> bus) {
        this.db = db;
        this.prefix = prefix;
        this.name = name;
        this.history = histories.get(0);
        this.histories = new ArrayList<>(histories);
        this.editors = editors;
        this.presence = presence;
        this.bus = bus;
    }

    /**
     * @param natsUrl     the NATS server every service uses
     * @param editorCount editor nodes to start
     * @param perNode     extra settings of editor node {@code i} (e.g. fault injection)
     */
    static NodeCluster start(String name, String natsUrl, int editorCount, IntFunction<Map<String, String>> perNode)
            throws Exception {
        return start(name, natsUrl, 1, editorCount, perNode);
    }

    /** @param historyCount history-service replicas to start (they share the shards) */
    static NodeCluster start(String name, String natsUrl, int historyCount, int editorCount,
                             IntFunction<Map<String, String>> perNode) throws Exception {
        String prefix = name + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> bus = Map.of("cowrite.bus.type", "nats", "cowrite.bus.nats-url", natsUrl,
                "cowrite.bus.prefix", prefix);
        long t0 = System.nanoTime();
        TestDatabase db = TestDatabase.create();
        List<AutoCloseable> started = new ArrayList<>();
        ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<ServiceProcess> histories = new ArrayList<>();
            for (int i = 0; i < historyCount; i++) {
                ServiceProcess h = startHistory(name, i, bus, db);
                histories.add(h);
                started.add(h);
            }
            Future<ServiceProcess> presenceStart = starter.submit(() -> startPresence(name, bus));
            List<Future<ServiceProcess>> pending = new ArrayList<>();
            for (int i = 0; i < editorCount; i++) {
                Map<String, String> e = new HashMap<>(bus);
                e.put("cowrite.editor.node-id", name + "-editor-" + i);
                e.put("cowrite.bus.connection-name", name + "-editor-" + i);
                e.put("cowrite.editor.ops-per-second", "1000");
                e.putAll(perNode.apply(i));
                String node = name + "-editor-" + i;
                pending.add(starter.submit(() -> ServiceProcess.start(node,
                        ServiceProcess.jar("editor-server", "editor-server-all.jar"), e)));
            }
            List<ServiceProcess> editors = new ArrayList<>();
            Exception failure = null;
            for (Future<ServiceProcess> f : pending) {
                try {
                    ServiceProcess p = f.get();
                    editors.add(p);
                    started.add(p);
                } catch (Exception ex) {
                    if (failure == null) failure = ex;
                }
            }
            ServiceProcess presence = null;
            try {
                presence = presenceStart.get();
                started.add(presence);
            } catch (Exception ex) {
                if (failure == null) failure = ex;
            }
            if (failure != null) throw failure;
            System.out.printf("%s: history-service, presence-service and %d editor nodes up in %d ms%n", name, editorCount,
                    (System.nanoTime() - t0) / 1_000_000);
            return new NodeCluster(db, prefix, name, histories, presence, editors, bus);
        } catch (Exception e) {
            for (AutoCloseable c : started) {
                if (c instanceof ServiceProcess p) {
                    try {
                        System.out.println("--- " + p.name + " (started before the failure):\n" + p.output());
                    } catch (Exception ignored) {
                        // the log is gone: nothing more to show
                    }
                }
            }
            for (AutoCloseable c : started) c.close();
            db.close();
            throw e;
        } finally {
            starter.shutdown();
        }
    }

    private static ServiceProcess startHistory(String name, int i, Map<String, String> bus, TestDatabase db) throws Exception {
        Map<String, String> h = new HashMap<>(bus);
        h.put("datasources.default.url", db.url);
        h.put("cowrite.bus.connection-name", name + "-history-" + i);
        h.put("cowrite.history.replica-id", name + "-history-" + i);
        return ServiceProcess.start(name + "-history-" + i, ServiceProcess.jar("history-service", "history-service-all.jar"), h);
    }

    private static ServiceProcess startPresence(String name, Map<String, String> bus) throws Exception {
        Map<String, String> p = new HashMap<>(bus);
        p.put("cowrite.bus.connection-name", name + "-presence");
        p.put("cowrite.presence.replica-id", name + "-presence");
        return ServiceProcess.start(name + "-presence", ServiceProcess.jar("presence-service", "presence-service-all.jar"), p);
    }

    /** Stops presence-service (SIGTERM) and starts a new one on the same prefix: it rebuilds from heartbeats. */
    ServiceProcess restartPresence() throws Exception {
        stopPresence();
        return startPresenceAgain();
    }

    /** Stops presence-service (SIGTERM); {@link #startPresenceAgain} starts a new one. */
    void stopPresence() throws Exception {
        presence.close();
    }

    /**
     * Starts presence-service again after it was stopped ({@code presence.close()}): an outage that lasted as
     * long as the caller wanted. Like a restart, the new one rebuilds its registry from heartbeats.
     */
    ServiceProcess startPresenceAgain() throws Exception {
        if (presence.isAlive()) throw new IllegalStateException("presence-service is still running");
        presence = startPresence(name, bus);
        return presence;
    }

    /**
     * Whether presence-service has warmed up ({@code warm} of {@code GET /presence/counts}): from then on it
     * answers rosters and beacons, so editor nodes hold presence available.
     */
    boolean presenceWarm() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + presence.port + "/presence/counts"))
                .header("Authorization", "Bearer " + ServiceProcess.ADMIN_TOKEN).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new AssertionError(presence.name + " /presence/counts answered " + r.statusCode());
        return new ObjectMapper().readTree(r.body()).path("warm").asBoolean();
    }

    /** Starts one more history-service replica (it takes its share of the shards). */
    ServiceProcess addHistory() throws Exception {
        ServiceProcess h = startHistory(name, histories.size(), bus, db);
        histories.add(h);
        return h;
    }

    /** A gauge or counter of one service, scraped from its {@code /prometheus}. */
    long metric(String name, ServiceProcess node) throws Exception {
        return counter(name, List.of(node));
    }

    URI ws(int node) {
        return editors.get(node).ws();
    }

    /**
     * Sums a Prometheus counter (e.g. {@code cowrite_editor_gaps_filled_total}) over the given editor
     * nodes, scraped from their {@code /prometheus} endpoints.
     */
    long counter(String name, List<ServiceProcess> nodes) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        double sum = 0;
        for (ServiceProcess node : nodes) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + "/prometheus"))
                    .header("Authorization", "Bearer " + ServiceProcess.ADMIN_TOKEN).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new AssertionError(node.name + " /prometheus answered " + r.statusCode());
            boolean found = false;
            for (String line : r.body().split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
            if (!found) throw new AssertionError(node.name + " does not export " + name);
        }
        return (long) sum;
    }

    /** The WARN and ERROR lines of every service's log (at most 40 each), to print when a test fails. */
    String problems() {
        StringBuilder out = new StringBuilder();
        List<ServiceProcess> all = new ArrayList<>(editors);
        all.addAll(histories);
        if (presence != null) all.add(presence);
        for (ServiceProcess p : all) {
            try {
                List<String> lines = p.output().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")
                        || l.contains("head check found")).toList();
                out.append("--- ").append(p.name).append(": ").append(lines.size()).append(" warnings/errors/drift lines\n");
                lines.stream().limit(40).forEach(l -> out.append(l).append('\n'));
            } catch (Exception e) {
                out.append("--- ").append(p.name).append(": log unreadable: ").append(e).append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess e : editors) e.close();
        for (ServiceProcess h : histories) h.close();
        if (presence != null) presence.close();
        db.close();
    }
}
