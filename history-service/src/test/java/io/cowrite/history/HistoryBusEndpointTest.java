package io.cowrite.history;

import static io.cowrite.history.Ops.append;
import static io.cowrite.history.Ops.newDoc;
import static io.cowrite.history.Ops.newOp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cowrite.bus.BusMessage;
import io.cowrite.bus.LocalBus;
import io.cowrite.bus.Subjects;
import io.cowrite.bus.history.AppendRequest;
import io.cowrite.bus.history.AppendResult;
import io.cowrite.bus.history.CommittedBatch;
import io.cowrite.bus.history.HistoryClient;
import io.cowrite.bus.history.HistoryCodec;
import io.cowrite.bus.history.HistoryError;
import io.cowrite.bus.history.HistoryException;
import io.cowrite.bus.history.NewOp;
import io.cowrite.bus.history.Outcome;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint and the service in-process: LocalBus, InMemoryOpLog, the real codec and client. */
class HistoryBusEndpointTest {
    private final LocalBus bus = new LocalBus();
    private final Subjects subjects = new Subjects("unit");
    private final HistoryClient client = new HistoryClient(bus, subjects, Duration.ofSeconds(5));
    private final HistoryCodec codec = new HistoryCodec();
    private HistoryBusEndpoint endpoint;
    private final String doc = newDoc();

    @BeforeEach
    void start() {
        OpLog log = new InMemoryOpLog(new OpLogSettings(100, 50), Clock.systemUTC());
        endpoint = new HistoryBusEndpoint(bus, subjects, new HistoryService(log, 50),
                new HistoryConfig("memory", 100, 50, 2, 10));
        endpoint.start();
    }

    @AfterEach
    void stop() throws Exception {
        endpoint.stop();
        bus.close();
    }

    private <T> T get(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void appendPublishesTheCommittedBatchOnTheDocSubject() throws Exception {
        BlockingQueue<BusMessage> published = new LinkedBlockingQueue<>();
        bus.subscribe(subjects.doc(doc), published::add);
        AppendResult r = get(client.append(append(doc, 0, newOp("a", 1, "x"))));
        assertEquals(List.of(Outcome.committed(0)), ((AppendResult.Appended) r).outcomes());
        BusMessage m = published.poll(10, TimeUnit.SECONDS);
        assertNotNull(m);
        CommittedBatch batch = codec.decode(m.payload(), CommittedBatch.class);
        assertEquals(doc, batch.doc());
        assertEquals(1, batch.ops().size());
        assertEquals("a", batch.ops().get(0).clientId());
        assertEquals(1L, get(client.head(doc)));
    }

    @Test
    void invalidRequestsAreRejectedWithStableCodes() throws Exception {
        NewOp lossy = new NewOp("a", 1, "a", TextOp.of(new Component.Delete(1)));
        AppendResult r = get(client.append(new AppendRequest(doc, 0, List.of(lossy))));
        assertEquals(HistoryError.INVALID_OP, assertInstanceOf(AppendResult.Failed.class, r).code());
        AppendResult badDoc = get(client.append(append("bad doc!", 0, newOp("a", 1, "x"))));
        assertEquals(HistoryError.INVALID_DOC, assertInstanceOf(AppendResult.Failed.class, badDoc).code());
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(client.load("no/slash")));
        assertEquals(HistoryError.INVALID_DOC, assertInstanceOf(HistoryException.Rejected.class, e.getCause()).code());
        ExecutionException range = assertThrows(ExecutionException.class, () -> get(client.range(doc, 5, 2)));
        assertEquals(HistoryError.BAD_REQUEST, assertInstanceOf(HistoryException.Rejected.class, range.getCause()).code());
    }

    @Test
    void malformedPayloadIsABadRequestReply() throws Exception {
        byte[] reply = get(bus.request(subjects.historyHead(), "{".getBytes(), Duration.ofSeconds(5)));
        HistoryException e = assertThrows(HistoryException.Rejected.class, () -> codec.decodeReply(reply, Object.class));
        assertEquals(HistoryError.BAD_REQUEST, e.code());
    }
}
