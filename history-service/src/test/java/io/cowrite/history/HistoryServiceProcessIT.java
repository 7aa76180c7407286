package io.cowrite.history;

import static io.cowrite.history.Ops.insert;
import static io.cowrite.history.Ops.newDoc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.bus.NatsBus;
import io.cowrite.bus.NatsBusOptions;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.history.api.BusCommitFeed;
import io.cowrite.history.api.BusDocumentOwners;
import io.cowrite.history.api.BusHistoryReader;
import io.cowrite.history.api.CommittedBatch;
import io.cowrite.history.api.Heads;
import io.cowrite.history.api.HistorySubjects;
import io.cowrite.history.api.LoadResult;
import io.cowrite.history.api.ShardMap;
import io.cowrite.history.api.Submit;
import io.cowrite.history.api.SubmitResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar as a separate process ({@code java -jar}) against the real PostgreSQL (a fresh, empty
 * database the service migrates itself) and NATS (a random subject prefix), driven through the bus
 * ports exactly as editor-server drives it.
 */
class HistoryServiceProcessIT {
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final String NATS_URL = System.getProperty("cowrite.nats.url", "nats://127.0.0.1:4222");
    private static final int SHARDS = 8;

    private static TestDatabase db;
    private static Process process;
    private static Path logFile;
    private static NatsBus bus;
    private static HistorySubjects subjects;
    private static BusHistoryReader reader;
    private static BusDocumentOwners owners;
    private static BusCommitFeed feed;

    @BeforeAll
    static void startService() throws Exception {
        db = new TestDatabase();
        subjects = new HistorySubjects("it" + UUID.randomUUID().toString().replace("-", ""));
        logFile = Path.of("target", "history-service-it-" + subjects.prefix() + ".log");
        String jar = System.getProperty("history.jar", "target/history-service-all.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-Xmx256m",
                "-Dmicronaut.server.port=-1",
                "-Ddatasources.default.url=" + db.url(),
                "-Dcowrite.bus.type=nats",
                "-Dcowrite.bus.nats-url=" + NATS_URL,
                "-Dcowrite.bus.prefix=" + subjects.prefix(),
                "-Dcowrite.shards=" + SHARDS,
                "-Dcowrite.history.milestone-interval=4",
                "-Dcowrite.history.max-range=3",
                "-Dcowrite.history.heads-interval=200ms",
                "-jar", jar)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        bus = NatsBus.connect(NatsBusOptions.of(NATS_URL, "history-process-it"));
        reader = new BusHistoryReader(bus, subjects, Duration.ofSeconds(5));
        owners = new BusDocumentOwners(bus, subjects, new ShardMap(SHARDS), Duration.ofSeconds(5));
        feed = new BusCommitFeed(bus, subjects);
        awaitReady();
    }

    /** Submits until the owner answers: the service takes its shards only after Flyway and the bus are up. */
    private static void awaitReady() throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new AssertionError("history-service exited:\n" + Files.readString(logFile));
            if (submit("ready", 0, "probe", 1, "r") instanceof SubmitResult.Committed) return;
            Thread.sleep(250);
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

    private static SubmitResult submit(String doc, long base, String client, long seq, String text) throws Exception {
        return get(owners.submit(new Submit(doc, base, client, seq, "author-" + client, insert(0, text))));
    }

    @Test
    void aSubmitIsCommittedPublishedAndAnswered() throws Exception {
        String doc = newDoc();
        BlockingQueue<CommittedBatch> published = new LinkedBlockingQueue<>();
        feed.follow(doc, published::add);
        bus.flush(Duration.ofSeconds(5)); // the follow reached the server before the submit below
        assertEquals(new SubmitResult.Committed(0), submit(doc, 0, "a", 1, "x"));
        CommittedBatch batch = published.poll(15, TimeUnit.SECONDS);
        assertNotNull(batch, "committed ops not published");
        assertEquals(List.of(0L), batch.ops().stream().map(CommittedOp::version).toList());
        assertEquals(new SubmitResult.Committed(0), submit(doc, 0, "a", 1, "x"), "a resend is answered, not reapplied");
        assertEquals(new SubmitResult.Committed(1), submit(doc, 1, "b", 5, "y"));
        SubmitResult stale = submit(doc, 2, "b", 3, "z");
        assertEquals(ErrorCode.STALE_SEQ, assertInstanceOf(SubmitResult.Refused.class, stale).code());
        assertEquals(2L, get(reader.heads(List.of(doc))).get(doc));
    }

    @Test
    void headsAreHeartbeatForRecentlyWrittenDocuments() throws Exception {
        String doc = newDoc();
        BlockingQueue<Heads> heads = new LinkedBlockingQueue<>();
        feed.heads(heads::add);
        submit(doc, 0, "a", 1, "x");
        Heads h;
        do {
            h = heads.poll(15, TimeUnit.SECONDS);
            assertNotNull(h, "a heartbeat arrives");
        } while (!h.heads().containsKey(doc));
        assertEquals(1L, h.heads().get(doc));
    }

    @Test
    void loadAndRangesServeTheLog() throws Exception {
        String doc = newDoc();
        for (int i = 0; i < 6; i++) submit(doc, i, "a", i + 1, "" + i);
        LoadResult load = get(reader.load(doc));
        assertEquals(4, load.milestoneVersion());
        assertEquals("3210", load.milestoneText());
        assertEquals("543210", Ops.text(load));
        List<CommittedOp> all = get(reader.range(doc, 0, 6)); // pages of 3 internally
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), all.stream().map(CommittedOp::version).toList());
    }

    @Test
    void theProcessLogsConcisely() throws Exception {
        String log = Files.readString(logFile);
        assertTrue(log.contains("Serving history reads on " + subjects.prefix()), log);
        assertTrue(log.contains("took shard"), log);
        assertFalse(log.contains("DEBUG"), "no debug output at the default level");
        assertTrue(new File(System.getProperty("history.jar", "target/history-service-all.jar")).isFile());
    }
}
