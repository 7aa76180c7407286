package io.cowrite.editor.doc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cowrite.bus.FaultyBus;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No sticky sessions: a client may resume on a node whose copy of the document lags behind what
 * the client saw on its previous node (ops in flight on the bus, or dropped there). That node must
 * catch up from history-service, not answer {@code version_ahead} (which makes a client discard its
 * pending edits). Node B's bus here drops every committed op and its head check is an hour away,
 * so it lags deterministically.
 */
class LaggingNodeTest {
    private final LocalBus bus = new LocalBus();
    private final Subjects subjects = new Subjects("lagtest");
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private HistoryBusEndpoint endpoint;
    private History history;
    private DocumentRegistry nodeA;
    private DocumentRegistry nodeB;

    @BeforeEach
    void start() {
        InMemoryOpLog log = new InMemoryOpLog(new OpLogSettings(10, 100), Clock.systemUTC());
        endpoint = new HistoryBusEndpoint(bus, subjects, new HistoryService(log, 100), new HistoryConfig("memory", 10, 100, 2, 100));
        endpoint.start();
        history = new BusHistory(new HistoryClient(bus, subjects, Duration.ofSeconds(5)));
        nodeA = new DocumentRegistry(bus, subjects, history, DocumentSettings.defaults(), executor, timers,
                new DocumentMetrics());
        FaultyBus deaf = new FaultyBus(bus, subjects.prefix() + ".doc.", 1.0, 0, 1); // drops every committed op
        nodeB = new DocumentRegistry(deaf, subjects, history, DocumentSettings.defaults(), executor, timers,
                new DocumentMetrics(), Duration.ofHours(1));
    }

    @AfterEach
    void stop() throws Exception {
        nodeA.close();
        nodeB.close();
        endpoint.stop();
        bus.close();
        timers.shutdownNow();
    }

    private static TextOp insert(int at, String s) throws OtException {
        return at == 0 ? TextOp.of(new Component.Insert(s)) : TextOp.of(new Component.Skip(at), new Component.Insert(s));
    }

    private static RecordingParticipant join(Document doc, String clientId) throws InterruptedException {
        RecordingParticipant p = new RecordingParticipant(clientId);
        doc.join(p, null);
        assertEquals("snapshot", p.nextOp().split(" ")[0]);
        return p;
    }

    private String storedText(String doc) throws Exception {
        LoadResult r = history.load(doc).get(10, TimeUnit.SECONDS);
        String text = r.milestoneText();
        for (var op : r.ops()) text = TextType.apply(text, op.op());
        return text;
    }

    @Test
    void aClientResumingOnALaggingNodeIsCaughtUpThere() throws Exception {
        Document a = nodeA.open("failover");
        Document b = nodeB.open("failover");
        RecordingParticipant onA = join(a, "mover");
        join(b, "stayer"); // node B has the document open, at version 0
        a.submit(onA, 0, 1, insert(0, "x"));
        assertEquals("ack 1@0", onA.nextOp());

        RecordingParticipant onB = new RecordingParticipant("mover"); // node A is gone; resume on B from version 1
        b.join(onB, 1L);
        assertEquals("catchup 1..1", onB.nextOp());
        b.submit(onB, 1, 2, insert(1, "y"));
        assertEquals("ack 2@1", onB.nextAck());
        assertEquals("xy", storedText("failover"));
    }

    @Test
    void anOpBasedOnAVersionTheNodeHasNotAppliedYetCommits() throws Exception {
        Document a = nodeA.open("ahead");
        Document b = nodeB.open("ahead");
        RecordingParticipant onA = join(a, "writer");
        RecordingParticipant onB = join(b, "other");
        a.submit(onA, 0, 1, insert(0, "x"));
        assertEquals("ack 1@0", onA.nextOp());
        b.submit(onB, 1, 1, insert(1, "y")); // "other" saw version 1 (on a node that had it)
        assertEquals("ack 1@1", onB.nextAck());
        assertEquals("xy", storedText("ahead"));
    }

    /**
     * An op queued while the previous append is in flight goes out when that append completes, even
     * when the bus copy of the completed batch never arrives (NATS core may drop it). It used to wait
     * for the next op of anyone to arrive; with no other writer, forever.
     */
    @Test
    void anOpQueuedBehindAnAppendIsSentWhenTheBusCopyOfThatAppendIsLost() throws Exception {
        Document b = nodeB.open("queued"); // node B's bus drops every committed op, its own included
        RecordingParticipant first = join(b, "first");
        RecordingParticipant second = join(b, "second");
        b.submit(first, 0, 1, insert(0, "x"));
        b.submit(second, 0, 1, insert(0, "y")); // queued behind the first append
        assertEquals("ack 1@0", first.nextAck());
        assertEquals("ack 1@1", second.nextAck());
        assertEquals("yx", storedText("queued"));
    }

    @Test
    void aVersionAheadOfHistoryItselfIsStillRefused() throws Exception {
        Document b = nodeB.open("really-ahead");
        join(b, "stayer");
        RecordingParticipant liar = new RecordingParticipant("liar");
        b.join(liar, 5L);
        assertEquals("error null version_ahead", liar.nextOp());
    }
}
