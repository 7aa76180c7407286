package io.cowrite.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;

/**
 * Single-process Cowrite: editor-server and history-service in one JVM on one port, talking over
 * the in-process bus. Without {@code datasources.default.url} it starts an embedded PostgreSQL whose
 * data stays in {@code cowrite.data-dir} (default {@code ./data}). The same beans run distributed;
 * only the bus and the datasource differ.
 */
public final class CowriteApplication {
    /** Each service's settings (application-history.yml, application-editor.yml), then single-process overrides. */
    public static final String[] ENVIRONMENTS = {"history", "presence", "editor", "single"};

    private CowriteApplication() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase embedded = null;
        if (Settings.get("datasources.default.url") == null) {
            Path dir = Path.of(Settings.get("cowrite.data-dir") == null ? "data" : Settings.get("cowrite.data-dir"));
            Path pgData = dir.resolve("postgres");
            System.out.println("Cowrite: starting embedded PostgreSQL with its data in " + pgData.toAbsolutePath()
                    + " (log: " + EmbeddedDatabase.logFile(pgData) + ")");
            embedded = EmbeddedDatabase.start(pgData);
            System.setProperty("datasources.default.url", embedded.jdbcUrl());
            System.setProperty("datasources.default.username", "postgres");
            System.setProperty("datasources.default.password", "");
        }
        ApplicationContext context = Micronaut.build(args).mainClass(CowriteApplication.class)
                .environments(ENVIRONMENTS).start();
        io.cowrite.editor.Drain.onSigterm(context);
        EmbeddedDatabase db = embedded;
        if (db != null) Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Micronaut's own shutdown hook stops the context (closing it here too deadlocks the two
            // hooks); the database must outlive it, so wait for it before stopping PostgreSQL.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (context.isRunning() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            try {
                db.close();
            } catch (Exception e) {
                System.err.println("embedded PostgreSQL did not stop cleanly: " + e);
            }
        }, "cowrite-shutdown"));
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        System.out.println("Cowrite is up: open http://localhost:" + server.getPort() + "/ (WebSocket endpoint ws://localhost:"
                + server.getPort() + "/ws)");
    }
}
