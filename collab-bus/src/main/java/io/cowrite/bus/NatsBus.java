package io.cowrite.bus;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
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
 * <p>Threading: each subscription gets its own jnats {@link Dispatcher}, so each has its own delivery
 * thread and pending limit: a slow handler delays only its own subscription, and per-subscription
 * order is the server's order (publish order from one connection). Request futures complete on jnats
 * threads.
 */
public final class NatsBus implements Bus {
    private static final Logger LOG = LoggerFactory.getLogger(NatsBus.class);

    private final Connection connection;
    private final NatsBusOptions options;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();

    private NatsBus(NatsBusOptions options) throws IOException, InterruptedException {
        this.options = options;
        Options natsOptions = Options.builder()
                .server(options.url())
                .connectionName(options.connectionName())
                .maxReconnects(-1)
                .reconnectWait(options.reconnectWait())
                .reconnectBufferSize(options.reconnectBufferBytes())
                .reportNoResponders()
                .connectionListener((conn, event) -> onNatsEvent(event))
                .errorListener(new LoggingErrorListener())
                .build();
        this.connection = Nats.connectReconnectOnConnect(natsOptions);
    }

    /** Connects, blocking (and retrying) until the first connection succeeds or the thread is interrupted. */
    public static NatsBus connect(NatsBusOptions options) {
        try {
            return new NatsBus(options);
        } catch (IOException e) {
            throw new BusException.Disconnected("Cannot connect to " + options.url(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException.Disconnected("Interrupted while connecting", e);
        }
    }

    private void onNatsEvent(io.nats.client.ConnectionListener.Events event) {
        ConnectionEvent mapped = switch (event) {
            case CONNECTED -> ConnectionEvent.CONNECTED;
            case DISCONNECTED -> ConnectionEvent.DISCONNECTED;
            case RECONNECTED -> ConnectionEvent.RECONNECTED;
            case CLOSED -> ConnectionEvent.CLOSED;
            default -> null;
        };
        if (mapped == null) return;
        LOG.info("NATS connection {}", mapped);
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
        Dispatcher d = connection.createDispatcher();
        d.setPendingLimits(options.pendingMessages(), -1);
        io.nats.client.MessageHandler h = m -> deliver(handler, m);
        io.nats.client.Subscription s = queueGroup == null ? d.subscribe(subject, h) : d.subscribe(subject, queueGroup, h);
        // Flush so that the server knows the subscription before this returns (no lost first messages).
        flushQuietly();
        return new NatsSubscription(connection, d, s, subject, queueGroup);
    }

    private void deliver(MessageHandler handler, Message m) {
        try {
            handler.onMessage(new BusMessage(m.getSubject(), m.getData(), m.getReplyTo(), this::publish));
        } catch (RuntimeException e) {
            LOG.error("Handler on {} failed", m.getSubject(), e);
        }
    }

    private void flushQuietly() {
        try {
            if (isConnected()) connection.flush(Duration.ofSeconds(2));
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            LOG.warn("Flush after subscribe did not complete: {}", e.toString());
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
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Logs slow consumers and server errors; the counts live on each {@link Subscription#dropped()}. */
    private static final class LoggingErrorListener implements ErrorListener {
        @Override
        public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
            LOG.warn("NATS slow consumer: messages dropped");
        }

        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.warn("NATS error: {}", error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            LOG.warn("NATS exception: {}", exp.toString());
        }
    }
}
