package io.cowrite.bus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process {@link Bus} with the semantics of core NATS: async delivery on a per-subscription
 * serial queue (a handler never runs on the publisher's thread), queue groups that deliver each
 * message to one member (round robin), request/reply, and a bounded per-subscription queue whose
 * overflow is dropped and counted like a NATS slow consumer. Subjects may use {@code *} and {@code >}.
 *
 * <p>One difference: a NATS connection receives one publisher's messages in order across all its
 * subscriptions (one dispatcher), while here only each subscription's messages are in order; two
 * subscriptions of one subscriber may see messages on different subjects in either order. Code that
 * relies on the order across subjects (presence-service reconciling heartbeats with events) is tested
 * over NATS.
 *
 * <p>Fit for production only in single-process mode (all services in one JVM): it does not cross
 * processes. It is always connected until {@link #close()}. Delivery runs on virtual threads.
 */
public final class LocalBus implements Bus {
    /** Default per-subscription queue bound (messages). */
    public static final int DEFAULT_CAPACITY = 65_536;
    private static final String INBOX = "_INBOX.local.";

    private final int capacity;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("localbus-", 0).factory());
    /** Subscriptions to exact subjects, by subject (most: one per open document), and those with wildcards. */
    private final Map<String, List<LocalSubscription>> exact = new ConcurrentHashMap<>();
    private final List<LocalSubscription> wildcards = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<byte[]>> pendingReplies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> groupCursors = new ConcurrentHashMap<>();
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong inboxes = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    public LocalBus() {
        this(DEFAULT_CAPACITY);
    }

    public LocalBus(int capacityPerSubscription) {
        if (capacityPerSubscription < 1) throw new IllegalArgumentException("capacity < 1");
        this.capacity = capacityPerSubscription;
    }

    @Override
    public void publish(String subject, byte[] payload) {
        publish(subject, payload, null);
    }

    private void publish(String subject, byte[] payload, String replyTo) {
        ensureOpen();
        if (completeReply(subject, payload)) return;
        BusMessage m = new BusMessage(subject, payload, replyTo, this::respond);
        for (LocalSubscription s : route(subject)) s.enqueue(m);
    }

    private void respond(String replyTo, byte[] payload) {
        if (!closed) completeReply(replyTo, payload);
    }

    private boolean completeReply(String subject, byte[] payload) {
        if (!subject.startsWith(INBOX)) return false;
        CompletableFuture<byte[]> f = pendingReplies.remove(subject);
        // Complete off the responder's thread: dependent stages of the requester must not run there.
        if (f != null) executor.execute(() -> f.complete(payload == null ? new byte[0] : payload));
        return true;
    }

    /** Plain subscriptions all get the message; each queue group picks one member, round robin. */
    private List<LocalSubscription> route(String subject) {
        List<LocalSubscription> out = new ArrayList<>();
        Map<String, List<LocalSubscription>> groups = new LinkedHashMap<>();
        List<LocalSubscription> direct = exact.getOrDefault(subject, List.of());
        for (List<LocalSubscription> candidates : List.of(direct, wildcards)) {
            for (LocalSubscription s : candidates) {
                if (!s.isActive() || !SubjectPattern.matches(s.subject(), subject)) continue;
                if (s.queueGroup() == null) out.add(s);
                else groups.computeIfAbsent(s.queueGroup(), g -> new ArrayList<>()).add(s);
            }
        }
        groups.forEach((group, members) -> {
            int i = groupCursors.computeIfAbsent(subject + " " + group, k -> new AtomicInteger()).getAndIncrement();
            out.add(members.get(Math.floorMod(i, members.size())));
        });
        return out;
    }

    @Override
    public Subscription subscribe(String subject, MessageHandler handler) {
        return subscribe(subject, null, handler);
    }

    @Override
    public Subscription subscribe(String subject, String queueGroup, MessageHandler handler) {
        ensureOpen();
        boolean wildcard = subject.contains("*") || subject.contains(">");
        LocalSubscription s = new LocalSubscription(subject, queueGroup, handler, capacity, executor, this::forget);
        if (wildcard) {
            wildcards.add(s);
        } else {
            exact.computeIfAbsent(subject, k -> new CopyOnWriteArrayList<>()).add(s);
        }
        return s;
    }

    private void forget(LocalSubscription s) {
        wildcards.remove(s);
        exact.computeIfPresent(s.subject(), (k, list) -> {
            list.remove(s);
            return list.isEmpty() ? null : list;
        });
    }

    @Override
    public CompletableFuture<byte[]> request(String subject, byte[] payload, Duration timeout) {
        if (closed) return CompletableFuture.failedFuture(new BusException.Disconnected("Bus closed", null));
        List<LocalSubscription> targets = route(subject);
        if (targets.isEmpty()) return CompletableFuture.failedFuture(new BusException.NoResponders(subject));
        String inbox = INBOX + inboxes.incrementAndGet(); // unique per bus; no SecureRandom on the hot path
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        pendingReplies.put(inbox, f);
        CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
            if (pendingReplies.remove(inbox) != null) f.completeExceptionally(new BusException.Timeout(subject));
        });
        BusMessage m = new BusMessage(subject, payload, inbox, this::respond);
        for (LocalSubscription s : targets) s.enqueue(m);
        return f;
    }

    @Override
    public boolean isConnected() {
        return !closed;
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    private void ensureOpen() {
        if (closed) throw new BusException.Disconnected("Bus closed", null);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (List<LocalSubscription> list : exact.values()) for (LocalSubscription s : list) s.unsubscribe();
        for (LocalSubscription s : wildcards) s.unsubscribe();
        pendingReplies.values().forEach(f -> f.completeExceptionally(new BusException.Disconnected("Bus closed", null)));
        pendingReplies.clear();
        listeners.forEach(l -> l.onEvent(ConnectionEvent.CLOSED));
        executor.shutdown();
    }
}
