package io.cowrite.app;

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
 * The distributed deployment on loopback, every service its own JVM: a fresh database, one
 * history-service and {@code n} editor-server nodes on one NATS server, under a random subject
 * prefix so that runs sharing the NATS server stay apart. Editor nodes start in parallel.
 */
final class NodeCluster implements AutoCloseable {
    final TestDatabase db;
    final String prefix;
    final ServiceProcess history;
    final List<ServiceProcess> editors;

    private NodeCluster(TestDatabase db, String prefix, ServiceProcess history, List<ServiceProcess> editors) {
        this.db = db;
        this.prefix = prefix;
        this.history = history;
        this.editors = editors;
    }

    /**
     * @param natsUrl     the NATS server every service uses
     * @param editorCount editor nodes to start
     * @param perNode     extra settings of editor node {@code i} (e.g. fault injection)
     */
    static NodeCluster start(String name, String natsUrl, int editorCount, IntFunction<Map<String, String>> perNode)
            throws Exception {
        String prefix = name + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> bus = Map.of("cowrite.bus.type", "nats", "cowrite.bus.nats-url", natsUrl,
                "cowrite.bus.prefix", prefix);
        long t0 = System.nanoTime();
        TestDatabase db = TestDatabase.create();
        List<AutoCloseable> started = new ArrayList<>();
        ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Map<String, String> h = new HashMap<>(bus);
            h.put("datasources.default.url", db.url);
            h.put("cowrite.bus.connection-name", name + "-history");
            ServiceProcess history = ServiceProcess.start(name + "-history",
                    ServiceProcess.jar("history-service", "history-service-all.jar"), h);
            started.add(history);
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
            if (failure != null) throw failure;
            System.out.printf("%s: history-service and %d editor nodes up in %d ms%n", name, editorCount,
                    (System.nanoTime() - t0) / 1_000_000);
            return new NodeCluster(db, prefix, history, editors);
        } catch (Exception e) {
            for (AutoCloseable c : started) c.close();
            db.close();
            throw e;
        } finally {
            starter.shutdown();
        }
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
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
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
        all.add(history);
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
        history.close();
        db.close();
    }
}
