package io.cowrite.history;

import io.cowrite.bus.Bus;
import io.cowrite.bus.BusException;
import io.cowrite.bus.BusMessage;
import io.cowrite.bus.Subjects;
import io.cowrite.bus.Subscription;
import io.cowrite.bus.history.AppendRequest;
import io.cowrite.bus.history.CommittedBatch;
import io.cowrite.bus.history.HeadRequest;
import io.cowrite.bus.history.HistoryCodec;
import io.cowrite.bus.history.HistoryError;
import io.cowrite.bus.history.HistoryException;
import io.cowrite.bus.history.LoadRequest;
import io.cowrite.bus.history.RangeRequest;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the history RPCs on the bus: subscribes in queue group {@code history} (so replicas share the
 * load), decodes, calls {@link HistoryService} on a bounded worker pool (JDBC never runs on a bus
 * delivery thread), and replies. After an append commits, publishes the committed ops as one
 * {@link CommittedBatch} on {@code <prefix>.doc.<docId>}, before replying. A full worker queue answers
 * {@code overloaded} (retryable) at once.
 */
@Context
@Requires(env = "history") // the service's environment; an editor-only context must not serve history
public final class HistoryBusEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryBusEndpoint.class);

    private final Bus bus;
    private final Subjects subjects;
    private final HistoryService service;
    private final HistoryCodec codec = new HistoryCodec();
    private final ExecutorService workers;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    public HistoryBusEndpoint(Bus bus, Subjects subjects, HistoryService service, HistoryConfig config) {
        this.bus = bus;
        this.subjects = subjects;
        this.service = service;
        this.workers = new ThreadPoolExecutor(config.workers(), config.workers(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.queue()), Thread.ofPlatform().name("history-worker-", 0).factory());
    }

    @PostConstruct
    public void start() {
        serve(subjects.historyAppend(), AppendRequest.class, this::append);
        serve(subjects.historyLoad(), LoadRequest.class, service::load);
        serve(subjects.historyRange(), RangeRequest.class, service::range);
        serve(subjects.historyHead(), HeadRequest.class, service::head);
        LOG.info("Serving history RPCs on {}.history.* (queue group {})", subjects.prefix(), Subjects.HISTORY_QUEUE);
    }

    private Object append(AppendRequest request) {
        StoredAppend stored = service.append(request);
        if (!stored.committed().isEmpty()) publish(new CommittedBatch(request.doc(), stored.committed()));
        return stored.result();
    }

    private void publish(CommittedBatch batch) {
        try {
            bus.publish(subjects.doc(batch.doc()), codec.encode(batch));
        } catch (BusException e) {
            // Committed is committed: nodes that miss this fetch the range on their next gap or head check.
            LOG.warn("Could not publish {} committed ops of {}: {}", batch.ops().size(), batch.doc(), e.getMessage());
        }
    }

    private <Q> void serve(String subject, Class<Q> type, Function<Q, Object> call) {
        subscriptions.add(bus.subscribe(subject, Subjects.HISTORY_QUEUE, m -> submit(m, type, call)));
    }

    private <Q> void submit(BusMessage m, Class<Q> type, Function<Q, Object> call) {
        try {
            workers.execute(() -> m.respond(answer(m, type, call)));
        } catch (RejectedExecutionException e) {
            m.respond(codec.encodeError(HistoryError.of(HistoryError.OVERLOADED, "Too many requests queued")));
        }
    }

    private <Q> byte[] answer(BusMessage m, Class<Q> type, Function<Q, Object> call) {
        try {
            return codec.encodeOk(call.apply(codec.decode(m.payload(), type)));
        } catch (HistoryException e) {
            return codec.encodeError(new HistoryError(e.code(), e.getMessage(), e instanceof HistoryException.Unavailable));
        } catch (OpLogException e) {
            LOG.warn("Store failed on {}: {}", m.subject(), e.getMessage());
            return codec.encodeError(HistoryError.of(HistoryError.UNAVAILABLE, "Store unavailable"));
        } catch (RuntimeException e) {
            LOG.error("Request on {} failed", m.subject(), e);
            return codec.encodeError(HistoryError.of(HistoryError.INTERNAL, "Internal error"));
        }
    }

    @PreDestroy
    public void stop() throws InterruptedException {
        subscriptions.forEach(Subscription::unsubscribe);
        workers.shutdown();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }
}
