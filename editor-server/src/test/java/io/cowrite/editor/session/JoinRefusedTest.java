package io.cowrite.editor.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.ServerMessage;
import io.cowrite.editor.doc.DocumentMetrics;
import io.cowrite.editor.doc.DocumentRegistry;
import io.cowrite.editor.doc.InProcessHistory;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A join the document refuses (a resume from a version it never had: {@code version_ahead}) leaves the
 * document not joined: the client's fresh join, which docs/protocol.md §7 prescribes, gets a snapshot, not
 * {@code already_joined}, and the refused join holds no document slot. HostileTrafficIT found it.
 */
class JoinRefusedTest {
    private final InProcessHistory history = new InProcessHistory();
    private final DocumentRegistry documents = history.node(new DocumentMetrics());
    private final Sessions sessions = new Sessions(new SessionLimits(1 << 20, 50, 1000, 1 << 20, 8, 30, Duration.ofSeconds(10), 1000, 5),
            documents, Duration.ofSeconds(60), Duration.ofSeconds(20));

    @AfterEach
    void stop() throws Exception {
        sessions.close();
        documents.close();
        history.close();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) { // polls a condition; the document answers on its executor
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void aJoinRefusedWithVersionAheadCanBeFollowedByAFreshJoin() throws Exception {
        FakeTransport t = new FakeTransport();
        ClientSession s = sessions.open(t);
        s.onText("{\"type\":\"hello\",\"protocol\":1}");
        for (int i = 0; i < 9; i++) { // more refused joins than the connection has document slots
            s.onText("{\"type\":\"join\",\"doc\":\"ahead\",\"version\":" + (5 + i) + "}");
            int refusals = i + 1;
            await(() -> t.sent(ServerMessage.ErrorReply.class).size() == refusals, "refusal " + refusals);
        }
        assertEquals(List.of(ErrorCode.VERSION_AHEAD), t.sent(ServerMessage.ErrorReply.class).stream()
                .map(ServerMessage.ErrorReply::code).distinct().toList());
        s.onText("{\"type\":\"join\",\"doc\":\"ahead\"}");
        await(() -> !t.sent(ServerMessage.Snapshot.class).isEmpty(), "the snapshot of the fresh join");
        assertEquals(9, t.sent(ServerMessage.ErrorReply.class).size(), "no already_joined, no too_many_docs: " + t.sent);
    }
}
