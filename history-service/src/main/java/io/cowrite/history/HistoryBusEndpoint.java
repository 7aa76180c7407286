package io.cowrite.history;

import io.cowrite.bus.Bus;
import io.cowrite.bus.BusMessage;
import io.cowrite.bus.Subscription;
import io.cowrite.history.api.HeadsRequest;
import io.cowrite.history.api.HistoryCodec;
import io.cowrite.history.api.HistoryError;
import io.cowrite.history.api.HistoryException;
import io.cowrite.history.api.HistorySubjects;
import io.cowrite.history.api.LoadRequest;
import io.cowrite.history.api.RangeRequest;
import io.cowrite.history.api.SecretRequest;
import io.cowrite.history.api.Submit;
import io.cowrite.history.api.SubmitResult;
import io.cowrite.history.owner.Sequencers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * history-service on the bus. Reads: subscribed in queue group {@code history} (replicas share them),
 * decoded on the bus thread and answered from a bounded worker pool (JDBC never runs on a bus thread; a
 * full queue answers {@code overloaded}, retryable). Submits: subscribed on the subject of each shard
 * this replica owns, for as long as it owns it (no queue group: only the owner listens), decoded and
 * handed to the document's sequencer, answered when it commits.
 */
public final class HistoryBusEndpoint implements Sequencers.ShardListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryBusEndpoint.class);

    private final Bus bus;
    private final HistorySubjects subjects;
    private final HistoryService service;
    private final Sequencers sequencers;
    private final HistoryCodec codec = new HistoryCodec();
    private final ExecutorService workers;
    private final List<Subscription> reads = new CopyOnWriteArrayList<>();
    private final Map<Integer, Subscription> shards = new ConcurrentHashMap<>();

    public HistoryBusEndpoint(Bus bus, HistorySubjects subjects, HistoryService service, Sequencers sequencers,
                              int workers, int queue) {
        this.bus = bus;
        this.subjects = subjects;
        this.service = service;
        this.sequencers = sequencers;
        this.workers = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), Thread.ofPlatform().name("history-worker-", 0).factory());
    }

    public HistoryBusEndpoint start() {
        serve(subjects.historyLoad(), LoadRequest.class, service::load);
        serve(subjects.historyRange(), RangeRequest.class, service::range);
        serve(subjects.historyHeads(), HeadsRequest.class, service::heads);
        serve(subjects.historySecret(), SecretRequest.class, service::secret);
        sequencers.addListener(this);
        LOG.info("Serving history reads on {}.history.* (queue group {})", subjects.prefix(), HistorySubjects.HISTORY_QUEUE);
        return this;
    }

    @Override
    public void took(int shard) {
        shards.computeIfAbsent(shard, s -> bus.subscribe(subjects.shardSubmit(s), this::submit));
    }

    @Override
    public void lost(int shard) {
        Subscription s = shards.remove(shard);
        if (s != null) s.unsubscribe();
    }

    private void submit(BusMessage m) {
        Submit submit;
        try {
            submit = codec.decode(m.payload(), Submit.class);
        } catch (HistoryException e) {
            m.respond(codec.encodeError(new HistoryError(e.code(), e.getMessage(), false)));
            return;
        }
        sequencers.submit(submit).thenAccept(r -> m.respond(codec.encodeOk(r)));
    }

    private <Q> void serve(String subject, Class<Q> type, Function<Q, Object> call) {
        reads.add(bus.subscribe(subject, HistorySubjects.HISTORY_QUEUE, m -> read(m, type, call)));
    }

    private <Q> void read(BusMessage m, Class<Q> type, Function<Q, Object> call) {
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
        } catch (RuntimeException e) {
            LOG.error("Request on {} failed", m.subject(), e);
            return codec.encodeError(HistoryError.of(HistoryError.INTERNAL, "Internal error"));
        }
    }

    @Override
    public void close() throws InterruptedException {
        reads.forEach(Subscription::unsubscribe);
        shards.values().forEach(Subscription::unsubscribe);
        workers.shutdown();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }
}
