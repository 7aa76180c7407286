package io.cowrite.bus;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Bus} over core NATS (jnats): the distributed mode. Fit for production.
 *
 * <p>Connection: reconnects forever ({@code maxReconnects(-1)}); while reconnecting, publishes go to a
 * bounded reconnect buffer, and {@link #request} fails fast with {@link BusException.Disconnected}.
 * {@link #connect} blocks until the first connection succeeds, retrying while the server is not up
 * yet (so a service started before NATS waits for it instead of failing).
 *
 * <p>Security: the bus presents its {@link NatsAuth} credentials and, with a {@code tls://} URL, checks
 * the server's certificate and host name ({@link NatsTls}). Credentials the server refuses are not
 * retried forever: jnats gives up when a server refuses them twice in a row, so {@link #connect} fails
 * with {@link BusException.Disconnected}, and a connection refused on a later reconnect (credentials
 * revoked) is closed for good ({@link ConnectionEvent#CLOSED}, {@link #isConnected()} false). Both are
 * logged as errors, as is every subject the server denies this connection.
 *
 * <p>Threading: every subscription shares one jnats {@link Dispatcher}, so the number of threads does
 * not grow with subscriptions (an editor node subscribes once per open document). Handlers therefore
 * run one at a time on that thread and must not block: they decode and hand off (see
 * {@link MessageHandler}). Per-subscription order is the server's order (publish order from one
 * connection). {@link #subscribe} never blocks: the subscription is sent to the server in order with
 * later publishes and requests of this connection, so a request made after subscribing is processed
 * by its responder only after the server knows the subscription. Request futures complete on jnats
 * threads.
 */
public final class NatsBus implements Bus {
    private static final Logger LOG = LoggerFactory.getLogger(NatsBus.class);

    private final Connection connection;
    private final NatsBusOptions options;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final Dispatcher dispatcher;
    private volatile boolean closing;

    private NatsBus(NatsBusOptions options) throws IOException, InterruptedException, GeneralSecurityException {
        this.options = options;
        Options natsOptions = natsOptions(options)
                .connectionListener(this::onNatsEvent)
                .errorListener(new LoggingErrorListener(options.auth()))
                .build();
        this.connection = Nats.connectReconnectOnConnect(natsOptions);
        if (connection.getStatus() == Connection.Status.CLOSED) {
            // jnats gives up (closes) when a server refuses the same credentials twice in a row.
            throw new BusException.Disconnected("NATS at " + options.url() + " refused the credentials ("
                    + describe(options.auth()) + "): " + connection.getLastError(), null);
        }
        this.dispatcher = connection.createDispatcher();
        dispatcher.setPendingLimits(options.pendingMessages(), -1);
    }

    /**
     * The jnats options of {@code options} (without listeners): reconnects forever, credentials, TLS. With
     * TLS, host names are not resolved before the socket is made, so the certificate is checked against the
     * host named in the URL (see {@link NatsTls}).
     */
    static Options.Builder natsOptions(NatsBusOptions options) throws GeneralSecurityException, IOException {
        Options.Builder b = Options.builder()
                .server(options.url())
                .connectionName(options.connectionName())
                .maxReconnects(-1)
                .reconnectWait(options.reconnectWait())
                .reconnectBufferSize(options.reconnectBufferBytes())
                .inboxPrefix(options.inboxPrefix())
                .reportNoResponders();
        switch (options.auth()) {
            case NatsAuth.None none -> { }
            case NatsAuth.UserPassword up -> b.userInfo(up.user(), up.password());
            case NatsAuth.CredsFile creds -> b.authHandler(Nats.credentials(creds.file().toString()));
        }
        if (options.tls()) {
            b.sslContext(NatsTls.clientContext(options.tlsCaFile()))
                    .hostnameResolveMode(Options.HostnameResolveMode.HappyEyeballs);
        }
        return b;
    }

    /** Connects, blocking (and retrying) until the first connection succeeds or the thread is interrupted. */
    public static NatsBus connect(NatsBusOptions options) {
        try {
            return new NatsBus(options);
        } catch (BusException.Disconnected e) {
            LOG.error("{}: this service cannot use the bus", e.getMessage());
            throw e;
        } catch (IOException e) {
            throw new BusException.Disconnected("Cannot connect to " + options.url(), e);
        } catch (GeneralSecurityException e) {
            throw new BusException.Disconnected("Cannot set up TLS for " + options.url() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException.Disconnected("Interrupted while connecting", e);
        }
    }

    private static String describe(NatsAuth auth) {
        return switch (auth) {
            case NatsAuth.None none -> "no credentials";
            case NatsAuth.UserPassword up -> "user " + up.user();
            case NatsAuth.CredsFile creds -> "creds file " + creds.file();
        };
    }

    private void onNatsEvent(Connection conn, io.nats.client.ConnectionListener.Events event) {
        ConnectionEvent mapped = switch (event) {
            case CONNECTED -> ConnectionEvent.CONNECTED;
            case DISCONNECTED -> ConnectionEvent.DISCONNECTED;
            case RECONNECTED -> ConnectionEvent.RECONNECTED;
            case CLOSED -> ConnectionEvent.CLOSED;
            default -> null;
        };
        if (mapped == null) return;
        if (mapped == ConnectionEvent.CLOSED && !closing) {
            LOG.error("NATS connection closed for good (last error: {}): this service is off the bus until it restarts",
                    conn.getLastError());
        } else {
            LOG.info("NATS connection {}", mapped);
        }
        for (ConnectionListener l : listeners) {
            try {
                l.onEvent(mapped);
            } catch (RuntimeException e) {
                LOG.error("Connection listener failed", e);
            }
        }
    }

    @Override
    public void publish(String subject, byte[] payload) {
        try {
            connection.publish(subject, payload);
        } catch (IllegalStateException e) {
            // jnats throws this when closed or when the reconnect buffer is full.
            throw new BusException.Disconnected(e.getMessage(), e);
        }
    }

    @Override
    public Subscription subscribe(String subject, MessageHandler handler) {
        return subscribe(subject, null, handler);
    }

    @Override
    public Subscription subscribe(String subject, String queueGroup, MessageHandler handler) {
        io.nats.client.MessageHandler h = m -> deliver(handler, m);
        io.nats.client.Subscription s = queueGroup == null
                ? dispatcher.subscribe(subject, h) : dispatcher.subscribe(subject, queueGroup, h);
        return new NatsSubscription(connection, dispatcher, s, subject, queueGroup);
    }

    /**
     * Blocks until the server has processed everything this connection sent so far (subscriptions
     * included), or {@code timeout} passes. For tests and startup, never on an event loop.
     */
    public void flush(Duration timeout) {
        try {
            if (isConnected()) connection.flush(timeout);
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            LOG.warn("Flush did not complete: {}", e.toString());
        }
    }

    private void deliver(MessageHandler handler, Message m) {
        try {
            handler.onMessage(new BusMessage(m.getSubject(), m.getData(), m.getReplyTo(), this::publish));
        } catch (RuntimeException e) {
            LOG.error("Handler on {} failed", m.getSubject(), e);
        }
    }

    @Override
    public CompletableFuture<byte[]> request(String subject, byte[] payload, Duration timeout) {
        if (!isConnected()) {
            return CompletableFuture.failedFuture(new BusException.Disconnected("Not connected to NATS", null));
        }
        CompletableFuture<Message> f;
        try {
            f = connection.requestWithTimeout(subject, payload, timeout);
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(new BusException.Disconnected(e.getMessage(), e));
        }
        return f.handle((m, error) -> {
            if (error != null) throw mapRequestError(subject, error);
            return m.getData() == null ? new byte[0] : m.getData();
        });
    }

    private static BusException mapRequestError(String subject, Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof JetStreamStatusException) return new BusException.NoResponders(subject);
        if (e instanceof CancellationException || e instanceof TimeoutException) return new BusException.Timeout(subject);
        return new BusException.Disconnected("Request on " + subject + " failed: " + e, e);
    }

    @Override
    public boolean isConnected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        closing = true;
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Logs slow consumers and server errors; the counts live on each {@link Subscription#dropped()}. A refused
     * credential or a denied subject is an operator's mistake (or an attack), so it is an ERROR naming what to fix.
     */
    private static final class LoggingErrorListener implements ErrorListener {
        private final NatsAuth auth;

        LoggingErrorListener(NatsAuth auth) {
            this.auth = auth;
        }

        @Override
        public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
            LOG.warn("NATS slow consumer: messages dropped");
        }

        @Override
        public void errorOccurred(Connection conn, String error) {
            String e = error == null ? "" : error.toLowerCase(java.util.Locale.ROOT);
            if (e.contains("authorization violation") || e.contains("authentication")) {
                LOG.error("NATS refused this service's credentials ({}): {}", describe(auth), error);
            } else if (e.contains("permissions violation")) {
                LOG.error("NATS denied this service ({}) a subject: {} (the server's permissions for its role do not"
                        + " allow what the service does)", describe(auth), error);
            } else {
                LOG.warn("NATS error: {}", error);
            }
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            LOG.warn("NATS exception: {}", exp.toString());
        }
    }
}
