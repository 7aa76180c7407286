package io.cowrite.editor.doc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cowrite.bus.Bus;
import io.cowrite.bus.LocalBus;
import io.cowrite.bus.Subjects;
import io.cowrite.bus.history.HistoryClient;
import io.cowrite.bus.history.LoadResult;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import io.cowrite.history.HistoryBusEndpoint;
import io.cowrite.history.HistoryConfig;
import io.cowrite.history.HistoryService;
import io.cowrite.history.InMemoryOpLog;
import io.cowrite.history.OpLogSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The real history-service core (in-memory op log, bus endpoint) on an in-process bus, for the
 * document tests: editor "nodes" are {@link DocumentRegistry}s built with {@link #node}.
 */
final class InProcessHistory implements AutoCloseable {
    final LocalBus bus = new LocalBus();
    final Subjects subjects;
    final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    final History history;
    private final HistoryBusEndpoint endpoint;

    InProcessHistory(String prefix) {
        subjects = new Subjects(prefix);
        InMemoryOpLog log = new InMemoryOpLog(new OpLogSettings(10, 100), Clock.systemUTC());
        endpoint = new HistoryBusEndpoint(bus, subjects, new HistoryService(log, 100), new HistoryConfig("memory", 10, 100, 2, 100));
        endpoint.start();
        history = new BusHistory(new HistoryClient(bus, subjects, Duration.ofSeconds(5)));
    }

    /** An editor node on {@code nodeBus} (the shared bus, or a faulty view of it). */
    DocumentRegistry node(Bus nodeBus, History h, DocumentMetrics metrics, Duration headCheckInterval) {
        return new DocumentRegistry(nodeBus, subjects, h, DocumentSettings.defaults(), executor, timers, metrics, headCheckInterval);
    }

    DocumentRegistry node(History h, DocumentMetrics metrics) {
        return node(bus, h, metrics, Duration.ofSeconds(5));
    }

    /** The document's text as history-service stores it (milestone plus ops). */
    String storedText(String doc) throws Exception {
        LoadResult r = history.load(doc).get(10, TimeUnit.SECONDS);
        String text = r.milestoneText();
        for (var op : r.ops()) text = TextType.apply(text, op.op());
        return text;
    }

    static TextOp insert(int at, String s) throws OtException {
        return at == 0 ? TextOp.of(new Component.Insert(s)) : TextOp.of(new Component.Skip(at), new Component.Insert(s));
    }

    /** A fresh join that waits for its snapshot. */
    static RecordingParticipant join(Document doc, String clientId) throws InterruptedException {
        RecordingParticipant p = new RecordingParticipant(clientId);
        doc.join(p, null);
        assertEquals("snapshot", p.nextOp().split(" ")[0]);
        return p;
    }

    @Override
    public void close() throws Exception {
        endpoint.stop();
        bus.close();
        timers.shutdownNow();
    }
}
