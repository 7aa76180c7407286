package io.cowrite.editor.session;

import io.cowrite.auth.Authenticator;
import io.cowrite.auth.OpenAuthenticator;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.editor.doc.DocumentRegistry;
import io.cowrite.editor.identity.ClientIdentity;
import io.cowrite.editor.identity.KeySource;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Builds sessions over {@link FakeTransport}s for fast tests of the connection layer. */
final class Sessions implements AutoCloseable {
    static final SessionLimits LIMITS = new SessionLimits(1 << 20, 50, 1000, 1 << 20, 20, 30, Duration.ofSeconds(10), 10, 5);
    static final String ADMIN_TOKEN = "test-admin-token";

    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    final ClientIdentity identity = new ClientIdentity(KeySource.configured("k".repeat(32)));
    final SessionRegistry registry;
    final SessionContext context;
    private int next;

    Sessions() {
        this(LIMITS, null, Duration.ofSeconds(60), Duration.ofSeconds(20));
    }

    Sessions(SessionLimits limits, DocumentRegistry documents, Duration idle, Duration ping) {
        this(limits, documents, idle, ping, new OpenAuthenticator(() -> ADMIN_TOKEN), new Quotas(3, 1000, 100));
    }

    /** Authentication runs inline here (the node runs it on an executor), so the tests stay sequential. */
    Sessions(SessionLimits limits, DocumentRegistry documents, Duration idle, Duration ping, Authenticator auth, Quotas quotas) {
        registry = new SessionRegistry(timers, idle, ping);
        context = new SessionContext(new ProtocolCodec(), documents, registry, limits, quotas, identity, auth,
                Runnable::run, "node-1", timers, 1_000_000);
    }

    ClientSession open(FakeTransport transport) {
        return new ClientSession(transport, context, "s" + (++next), "127.0.0.1");
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
