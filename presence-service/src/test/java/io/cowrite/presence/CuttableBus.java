package io.cowrite.presence;

import io.cowrite.bus.Bus;
import io.cowrite.bus.ConnectionEvent;
import io.cowrite.bus.ConnectionListener;
import io.cowrite.bus.LocalBus;
import io.cowrite.bus.MessageHandler;
import io.cowrite.bus.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link LocalBus} whose connection a test cuts and restores: while cut it reports itself disconnected
 * and its listeners hear {@link ConnectionEvent#DISCONNECTED}, then {@link ConnectionEvent#RECONNECTED}.
 * Messages still flow (the test decides what the endpoint hears).
 */
final class CuttableBus implements Bus {
    final LocalBus bus = new LocalBus();
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean connected = true;

    void cut() {
        connected = false;
        listeners.forEach(l -> l.onEvent(ConnectionEvent.DISCONNECTED));
    }

    void restore() {
        connected = true;
        listeners.forEach(l -> l.onEvent(ConnectionEvent.RECONNECTED));
    }

    @Override
    public void publish(String subject, byte[] payload) {
        bus.publish(subject, payload);
    }

    @Override
    public Subscription subscribe(String subject, MessageHandler handler) {
        return bus.subscribe(subject, handler);
    }

    @Override
    public Subscription subscribe(String subject, String queueGroup, MessageHandler handler) {
        return bus.subscribe(subject, queueGroup, handler);
    }

    @Override
    public CompletableFuture<byte[]> request(String subject, byte[] payload, Duration timeout) {
        return bus.request(subject, payload, timeout);
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        bus.close();
    }
}
