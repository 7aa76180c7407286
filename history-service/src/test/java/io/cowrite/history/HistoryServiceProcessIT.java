package io.cowrite.history;

import static io.cowrite.history.Ops.append;
import static io.cowrite.history.Ops.newDoc;
import static io.cowrite.history.Ops.newOp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.bus.BusMessage;
import io.cowrite.bus.NatsBus;
import io.cowrite.bus.NatsBusOptions;
import io.cowrite.bus.Subjects;
import io.cowrite.bus.history.AppendResult;
import io.cowrite.bus.history.CommittedBatch;
import io.cowrite.bus.history.CommittedOp;
import io.cowrite.bus.history.HistoryClient;
import io.cowrite.bus.history.HistoryCodec;
import io.cowrite.bus.history.HistoryException;
import io.cowrite.bus.history.LoadResult;
import io.cowrite.bus.history.Outcome;
import io.cowrite.bus.history.RangeResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar as a separate process ({@code java -jar}) against the real PostgreSQL (a fresh,
 * empty database the service migrates itself) and NATS (a random subject prefix), driven through
 * {@link NatsBus} and {@link HistoryClient} exactly as editor-server will.
 */
class HistoryServiceProcessIT {
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final String NATS_URL = System.getProperty("cowrite.nats.url", "nats://127.0.0.1:4222");

    private static TestDatabase db;
    private static Process process;
    private static Path logFile;
    private static NatsBus bus;
    private static Subjects subjects;
    private static HistoryClient client;
    private static final HistoryCodec CODEC = new HistoryCodec();

    @BeforeAll
    static void startService() throws Exception {
        db = new TestDatabase();
        subjects = new Subjects("it" + UUID.randomUUID().toString().replace("-", ""));
        logFile = Path.of("target", "history-service-it-" + subjects.prefix() + ".log");
        String jar = System.getProperty("history.jar", "target/history-service-all.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-Xmx256m",
                "-Dmicronaut.server.port=-1",
                "-Ddatasources.default.url=" + db.url(),
                "-Dcowrite.bus.type=nats",
                "-Dcowrite.bus.nats-url=" + NATS_URL,
                "-Dcowrite.bus.prefix=" + subjects.prefix(),
                "-Dcowrite.history.milestone-interval=4",
                "-Dcowrite.history.max-range=3",
                "-jar", jar)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        bus = NatsBus.connect(NatsBusOptions.of(NATS_URL, "history-process-it"));
        client = new HistoryClient(bus, subjects, Duration.ofSeconds(5));
        awaitReady();
    }

    /** Polls head until a replica answers: the service subscribes only after Flyway and the bus are up. */
    private static void awaitReady() throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new AssertionError("history-service exited:\n" + Files.readString(logFile));
            try {
                client.head("ready").get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof HistoryException.Unavailable)) throw e;
                Thread.sleep(250);
            }
        }
        throw new AssertionError("history-service not ready in " + STARTUP + ":\n" + Files.readString(logFile));
    }

    @AfterAll
    static void stopService() throws Exception {
        if (bus != null) bus.close();
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (db != null) db.close();
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(15, TimeUnit.SECONDS);
    }

    @Test
    void appendIsPublishedOnTheDocSubjectAfterCommit() throws Exception {
        String doc = newDoc();
        BlockingQueue<BusMessage> published = new LinkedBlockingQueue<>();
        bus.subscribe(subjects.doc(doc), published::add);
        AppendResult r = get(client.append(append(doc, 0, newOp("a", 1, "x"), newOp("a", 2, "y"))));
        assertEquals(List.of(Outcome.committed(0), Outcome.committed(1)), assertInstanceOf(AppendResult.Appended.class, r).outcomes());
        BusMessage m = published.poll(15, TimeUnit.SECONDS);
        assertNotNull(m, "committed ops not published");
        CommittedBatch batch = CODEC.decode(m.payload(), CommittedBatch.class);
        assertEquals(List.of(0L, 1L), batch.ops().stream().map(CommittedOp::version).toList());
        assertEquals(2L, get(client.head(doc)));
    }

    @Test
    void staleAppendConflictsAndResendIsADuplicate() throws Exception {
        String doc = newDoc();
        get(client.append(append(doc, 0, newOp("a", 1, "x"))));
        get(client.append(append(doc, 1, newOp("b", 1, "y"))));
        AppendResult.Conflict c = assertInstanceOf(AppendResult.Conflict.class,
                get(client.append(append(doc, 0, newOp("c", 1, "z")))));
        assertEquals(2, c.head());
        assertEquals(List.of("a", "b"), c.missing().stream().map(CommittedOp::clientId).toList());
        AppendResult resend = get(client.append(append(doc, 2, newOp("a", 1, "x"))));
        assertEquals(0L, assertInstanceOf(AppendResult.Duplicate.class, resend).versionOf("a", 1));
        assertEquals(2L, get(client.head(doc)));
    }

    @Test
    void loadAndRangesServeTheLog() throws Exception {
        String doc = newDoc();
        for (int i = 0; i < 6; i++) get(client.append(append(doc, i, newOp("a", i, "" + i))));
        LoadResult load = get(client.load(doc));
        assertEquals(4, load.milestoneVersion());
        assertEquals("3210", load.milestoneText());
        assertEquals("543210", Ops.text(load));
        RangeResult page = get(client.range(doc, 0, 6));
        assertEquals(List.of(0L, 1L, 2L), page.ops().stream().map(CommittedOp::version).toList());
        assertTrue(page.more());
        RangeResult rest = get(client.range(doc, 3, 6));
        assertEquals(List.of(3L, 4L, 5L), rest.ops().stream().map(CommittedOp::version).toList());
        assertFalse(rest.more());
    }

    @Test
    void theProcessLogsConcisely() throws Exception {
        String log = Files.readString(logFile);
        assertTrue(log.contains("Serving history RPCs on " + subjects.prefix()), log);
        assertFalse(log.contains("DEBUG"), "no debug output at the default level");
        assertTrue(new File(System.getProperty("history.jar", "target/history-service-all.jar")).isFile());
    }
}
