package io.cowrite.history.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cowrite.history.MutableClock;
import io.cowrite.history.TestDatabase;
import io.cowrite.history.api.LocalCommitHub;
import io.cowrite.history.api.Submit;
import io.cowrite.history.api.SubmitResult;
import io.cowrite.history.owner.OwnerNode;
import io.cowrite.history.owner.OwnerSettings;
import io.cowrite.history.owner.PostgresLeases;
import io.cowrite.history.store.PostgresHistoryStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Histories written through the real owner (sequencer, group commit, milestones every {@link #INTERVAL}
 * versions, as the owner writes them) into a fresh PostgreSQL database, with a clock the test moves, and
 * what the test knows of each document: every op's author, time and counts, and the text after it.
 */
final class WrittenHistory implements AutoCloseable {
    static final int INTERVAL = 7;

    /** One committed op as the test wrote it. */
    record Written(long version, String author, long time, int added, int removed, String textAfter) {
    }

    final TestDatabase db;
    final HikariDataSource pool;
    final PostgresHistoryStore store;
    final MutableClock clock = new MutableClock();
    final OwnerNode owner;
    final Map<String, List<Written>> docs = new HashMap<>();
    private final Map<String, Long> seqs = new HashMap<>();

    WrittenHistory() throws Exception {
        db = new TestDatabase().migrated();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername("postgres");
        config.setMaximumPoolSize(6);
        pool = new HikariDataSource(config);
        store = new PostgresHistoryStore(pool);
        OwnerSettings settings = new OwnerSettings("admin-test", 4, Duration.ofMinutes(10), Duration.ofHours(1), 1000,
                1_000_000, INTERVAL, 256, 10_000, 500, Duration.ofHours(1), Duration.ofSeconds(30));
        owner = new OwnerNode(store, new PostgresLeases(pool), new LocalCommitHub(), settings, clock).start();
    }

    String text(String doc) {
        List<Written> w = docs.getOrDefault(doc, List.of());
        return w.isEmpty() ? "" : w.get(w.size() - 1).textAfter();
    }

    long head(String doc) {
        return docs.getOrDefault(doc, List.of()).size();
    }

    /** Submits {@code edit} by {@code author} at the document's head through the owner, waits for the commit. */
    void write(String doc, String author, RandomEdits.Edit edit) throws Exception {
        long head = head(doc);
        String after = AttributedDiffTest.apply(text(doc), edit.op());
        long seq = seqs.merge(doc + "/" + author, 1L, Long::sum);
        SubmitResult r = owner.sequencers().submit(new Submit(doc, head, "client-" + author, seq, author, edit.op()))
                .get(30, TimeUnit.SECONDS);
        assertEquals(new SubmitResult.Committed(head), r, "commit of " + doc + "@" + head);
        docs.computeIfAbsent(doc, d -> new ArrayList<>())
                .add(new Written(head, author, clock.millis(), edit.added(), edit.removed(), after));
    }

    @Override
    public void close() throws Exception {
        owner.close();
        pool.close();
        db.close();
    }
}
