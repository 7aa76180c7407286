package io.cowrite.bus.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cowrite.bus.LocalBus;
import io.cowrite.bus.Subjects;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HistoryClientTest {
    private final LocalBus bus = new LocalBus();
    private final Subjects subjects = new Subjects("unit");
    private final HistoryCodec codec = new HistoryCodec();
    private final HistoryClient client = new HistoryClient(bus, subjects, Duration.ofMillis(500));

    @AfterEach
    void close() {
        bus.close();
    }

    @Test
    void decodesTheReply() throws Exception {
        bus.subscribe(subjects.historyHead(), Subjects.HISTORY_QUEUE, m -> {
            HeadRequest r = codec.decode(m.payload(), HeadRequest.class);
            m.respond(codec.encodeOk(new HeadResult(r.doc(), 17)));
        });
        assertEquals(17L, client.head("d").get(5, TimeUnit.SECONDS));
    }

    @Test
    void noReplicaIsUnavailable() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> client.load("d").get(5, TimeUnit.SECONDS));
        assertInstanceOf(HistoryException.Unavailable.class, e.getCause());
    }

    @Test
    void timeoutIsUnavailable() {
        bus.subscribe(subjects.historyRange(), m -> { });
        ExecutionException e = assertThrows(ExecutionException.class, () -> client.range("d", 0, 5).get(5, TimeUnit.SECONDS));
        assertInstanceOf(HistoryException.Unavailable.class, e.getCause());
    }

    @Test
    void errorReplyIsRejected() {
        bus.subscribe(subjects.historyLoad(), m -> m.respond(codec.encodeError(HistoryError.of(HistoryError.INVALID_DOC, "bad"))));
        ExecutionException e = assertThrows(ExecutionException.class, () -> client.load("d").get(5, TimeUnit.SECONDS));
        assertEquals(HistoryError.INVALID_DOC, assertInstanceOf(HistoryException.Rejected.class, e.getCause()).code());
    }
}
