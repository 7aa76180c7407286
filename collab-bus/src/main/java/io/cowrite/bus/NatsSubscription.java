package io.cowrite.bus;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.util.concurrent.atomic.AtomicBoolean;

/** One {@link NatsBus} subscription on the bus's shared jnats {@link Dispatcher}. */
final class NatsSubscription implements Subscription {
    private final Connection connection;
    private final Dispatcher dispatcher;
    private final io.nats.client.Subscription natsSubscription;
    private final String subject;
    private final String queueGroup;
    private final AtomicBoolean active = new AtomicBoolean(true);

    NatsSubscription(Connection connection, Dispatcher dispatcher, io.nats.client.Subscription natsSubscription,
                     String subject, String queueGroup) {
        this.connection = connection;
        this.dispatcher = dispatcher;
        this.natsSubscription = natsSubscription;
        this.subject = subject;
        this.queueGroup = queueGroup;
    }

    @Override
    public String subject() {
        return subject;
    }

    @Override
    public String queueGroup() {
        return queueGroup;
    }

    @Override
    public long dropped() {
        return natsSubscription.getDroppedCount();
    }

    @Override
    public void unsubscribe() {
        if (active.compareAndSet(true, false) && connection.getStatus() != Connection.Status.CLOSED) {
            dispatcher.unsubscribe(natsSubscription);
        }
    }
}
