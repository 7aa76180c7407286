package io.cowrite.app;

import io.cowrite.editor.identity.ClientIdentity;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The single-process platform (editor-server + history-service beans in one context, one port),
 * started in the test JVM against a real PostgreSQL database and either the in-process bus or NATS.
 */
final class TestServer implements AutoCloseable {
    final EmbeddedServer server;
    final String prefix;

    private TestServer(EmbeddedServer server, String prefix) {
        this.server = server;
        this.prefix = prefix;
    }

    static TestServer start(TestDatabase db, String bus, Map<String, Object> extra) {
        String prefix = "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("datasources.default.url", db.url);
        props.put("datasources.default.username", "postgres");
        props.put("datasources.default.password", "");
        props.put("cowrite.bus.type", bus);
        props.put("cowrite.bus.nats-url", "nats://127.0.0.1:4222");
        props.put("cowrite.bus.prefix", prefix);
        props.putAll(extra);
        ApplicationContext context = ApplicationContext.builder(props)
                .environments(CowriteApplication.ENVIRONMENTS).start();
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        server.start();
        // Ready as /health says: the node knows its identity key (fetched from history-service over the bus).
        ClientIdentity identity = context.getBean(ClientIdentity.class);
        Awaits.until(identity::ready, Duration.ofSeconds(30), "the editor's identity key");
        return new TestServer(server, prefix);
    }

    URI ws() {
        return URI.create("ws://127.0.0.1:" + server.getPort() + "/ws");
    }

    ApplicationContext context() {
        return server.getApplicationContext();
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
