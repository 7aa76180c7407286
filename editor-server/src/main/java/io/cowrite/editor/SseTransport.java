package io.cowrite.editor;

import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.Decoded;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.core.protocol.ServerMessage;
import io.cowrite.editor.session.ClientSession;
import io.cowrite.editor.session.Transport;
import io.micronaut.http.sse.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * {@link Transport} of a Server-Sent Events stream (docs/protocol.md §13.2), and the stream itself as a
 * single-subscriber {@link Publisher} the HTTP server writes. Each frame becomes one event: its name is the
 * message type, its data the message's JSON, its id the document version it brings the client to
 * ({@code snapshot}, {@code catchup}: {@code version}; {@code remote}, {@code ack}: {@code version + 1}).
 * A frame counts as written when the server takes it (it asks for the next one when the socket has room),
 * so the session's bounded outbox sees a slow reader. Keep-alive comments every {@code keepAlive}; each one
 * taken counts as the client being there (a stream has nothing else to hear from it). A close becomes a
 * {@code close} event, then the end of the stream; the client going away ends the session. Thread-safe.
 */
final class SseTransport implements Transport, Publisher<Event<String>> {
    private record Item(Event<String> event, CompletableFuture<Void> written, boolean last) {
    }

    private final ProtocolCodec codec;
    private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final ScheduledFuture<?> keepAlive;
    private volatile Subscriber<? super Event<String>> subscriber;
    private volatile boolean done;
    /** The close event's stage, once closing started. */
    private volatile CompletableFuture<Void> ended;
    private volatile ClientSession session;

    SseTransport(ProtocolCodec codec, ScheduledExecutorService timers, Duration keepAlive) {
        this.codec = codec;
        long ms = Math.max(1, keepAlive.toMillis());
        this.keepAlive = timers.scheduleWithFixedDelay(this::keepAlive, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** The session this stream carries: told when the client goes away, and when a keep-alive got through. */
    void attach(ClientSession s) {
        this.session = s;
    }

    @Override
    public CompletionStage<?> send(byte[] utf8) {
        if (closing.get() || done) return CompletableFuture.failedFuture(new IllegalStateException("stream closed"));
        String json = new String(utf8, StandardCharsets.UTF_8);
        Event<String> event = Event.of(json);
        if (codec.decodeServer(json) instanceof Decoded.Ok<ServerMessage> ok) {
            ServerMessage m = ok.message();
            event = event.name(m.type());
            Long id = idOf(m);
            if (id != null) event = event.id(Long.toString(id));
        }
        return offer(event, false);
    }

    /** The version a message brings the client to, or null for messages that do not move it. */
    static Long idOf(ServerMessage m) {
        return switch (m) {
            case ServerMessage.Snapshot s -> s.version();
            case ServerMessage.Catchup c -> c.version();
            case ServerMessage.Remote r -> r.version() + 1;
            case ServerMessage.Ack a -> a.version() + 1;
            default -> null;
        };
    }

    @Override
    public void ping() {
        // keep-alive comments run on their own interval (sse-keep-alive)
    }

    private void keepAlive() {
        if (closing.get() || done) return;
        offer(Event.of("").comment("keep-alive"), false).thenRun(() -> {
            ClientSession s = session;
            if (s != null) s.onPong();
        });
    }

    /** The stage completes when the {@code close} event is written, or fails when the client went first. */
    @Override
    public CompletionStage<?> close(CloseCode code) {
        if (closing.compareAndSet(false, true)) {
            keepAlive.cancel(false);
            String json = "{\"type\":\"close\",\"code\":" + code.code() + ",\"reason\":\"" + code.reason() + "\"}";
            ended = offer(Event.of(json).name("close"), true);
        }
        CompletableFuture<Void> e = ended;
        return e != null ? e : CompletableFuture.completedFuture(null); // a racing first call is still queueing it
    }

    private CompletableFuture<Void> offer(Event<String> event, boolean last) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        queue.add(new Item(event, written, last));
        drain();
        return written;
    }

    @Override
    public void subscribe(Subscriber<? super Event<String>> s) {
        if (subscriber != null) {
            s.onSubscribe(new Subscription() {
                public void request(long n) {
                }

                public void cancel() {
                }
            });
            s.onError(new IllegalStateException("one subscriber only"));
            return;
        }
        subscriber = s;
        s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                if (n <= 0) return;
                demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
                drain();
            }

            @Override
            public void cancel() {
                gone();
            }
        });
        drain();
    }

    /** The client went away (or the server gave up on it): the session ends. */
    private void gone() {
        done = true;
        keepAlive.cancel(false);
        Item i;
        while ((i = queue.poll()) != null) i.written().completeExceptionally(new IllegalStateException("stream closed"));
        ClientSession s = session;
        if (s != null) s.onClosed();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) return;
        do {
            Subscriber<? super Event<String>> s = subscriber;
            while (s != null && !done && demand.get() > 0 && !queue.isEmpty()) {
                Item i = queue.poll();
                demand.decrementAndGet();
                s.onNext(i.event());
                i.written().complete(null);
                if (i.last()) {
                    done = true;
                    s.onComplete();
                    ClientSession cs = session;
                    if (cs != null) cs.onClosed();
                }
            }
        } while (wip.decrementAndGet() != 0);
    }
}
