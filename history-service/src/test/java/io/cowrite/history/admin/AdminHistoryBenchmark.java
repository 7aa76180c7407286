package io.cowrite.history.admin;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextOpJson;
import io.cowrite.history.TestDatabase;
import io.cowrite.history.store.PostgresHistoryStore;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The admin reads at scale (docs/benchmarks.md, "Admin history"): in a fresh database, one document of
 * 1,000,000 ops (milestones every 100 versions, as the owner writes them) and 100,000 documents, bulk
 * loaded with COPY; then the median of a few runs of each read, through {@link AdminHistory}. Not part of
 * the default run (the class name matches neither *Test nor *IT): {@code bin/bench-history-admin}.
 */
@Tag("benchmark")
class AdminHistoryBenchmark {
    private static final int BIG_OPS = Integer.getInteger("bench.ops", 1_000_000);
    private static final int DOCS = Integer.getInteger("bench.docs", 100_000);
    private static final int INTERVAL = 100;
    private static final int RUNS = 5;
    private static final String[] AUTHORS = {"ada", "bob", "cy", "dee", "eve"};
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    /** The big document's last commit time. */
    private static long lastTime;

    @Test
    void adminReadsAtScale() throws Exception {
        try (TestDatabase db = new TestDatabase().migrated(); HikariDataSource pool = pool(db)) {
            long t = System.nanoTime();
            loadBigDocument(pool);
            System.out.printf("loaded 1 document of %,d ops in %.1f s%n", BIG_OPS, (System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            loadDocuments(pool);
            System.out.printf("loaded %,d documents in %.1f s%n", DOCS, (System.nanoTime() - t) / 1e9);
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("vacuum analyze");
            }
            measure(new AdminHistory(new PostgresHistoryStore(pool), new AdminQueries(pool), new AdminConfig(Duration.ofSeconds(60)), INTERVAL));
        }
    }

    private static HikariDataSource pool(TestDatabase db) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername("postgres");
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    private static void measure(AdminHistory admin) {
        Random r = new Random(42);
        long head = BIG_OPS;
        time("text at a version (big document)", () -> admin.textAt("big", 1 + r.nextInt(BIG_OPS)).version());
        time("text at a time (big document)", () -> admin.textAtTime("big", Instant.ofEpochMilli(T0.toEpochMilli() + (long) (r.nextDouble() * (lastTime - T0.toEpochMilli())))).version());
        time("timeline page of 50, at the head", () -> admin.timeline("big", null, 50).revisions().size());
        time("timeline page of 50, deep in", () -> admin.timeline("big", (long) r.nextInt(BIG_OPS), 50).revisions().size());
        time("diff of versions 10,000 apart", () -> {
            long a = r.nextInt(BIG_OPS - 10_000);
            return admin.diff("big", a, a + 10_000).spans().size();
        });
        time("diff of versions 100,000 and 900,000", () -> admin.diff("big", head / 10, head * 9 / 10).spans().size());
        time("list, first page of 50", () -> admin.list(ListQuery.parse(null, null, null, null, "50", null)).documents().size());
        String deep = null;
        for (int page = 0; page < 1000; page++) deep = admin.list(ListQuery.parse(null, null, null, null, "50", deep)).next();
        String cursor = deep;
        time("list, page 1,001 of 50 (50,000 rows in)", () -> admin.list(ListQuery.parse(null, null, null, null, "50", cursor)).documents().size());
        time("prefix search 'team7-' (1 in 100), first page", () -> admin.list(ListQuery.parse("team7-", null, null, null, "50", null)).documents().size());
        time("prefix search 'team42-note-1' (about 110 matches)", () -> admin.list(ListQuery.parse("team42-note-1", null, null, null, "50", null)).documents().size());
        time("editor filter (one of 1,000 authors), first page", () -> admin.list(ListQuery.parse(null, "user-7", null, null, "50", null)).documents().size());
        time("document detail (big document)", () -> admin.detail("big").editors().size());
    }

    private static void time(String what, Supplier<Object> read) {
        read.get(); // warm
        double[] ms = new double[RUNS];
        Object last = null;
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            last = read.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%-55s p50 %9.1f ms  (min %.1f, max %.1f; result %s)%n", what, ms[RUNS / 2], ms[0], ms[RUNS - 1], last);
    }

    /**
     * One document typed by five people in turns (runs of 1-200 ops, seconds apart, with pauses): inserts of
     * a few characters and deletes, the text kept near 8,000 characters; a milestone at every 100th version.
     */
    private static void loadBigDocument(HikariDataSource pool) throws Exception {
        Random r = new Random(7);
        StringBuilder text = new StringBuilder();
        StringBuilder ops = new StringBuilder();
        StringBuilder milestones = new StringBuilder();
        long[] perAuthor = new long[AUTHORS.length];
        long[] lastAt = new long[AUTHORS.length];
        long time = T0.toEpochMilli();
        int author = 0;
        int run = 0;
        try (Connection c = pool.getConnection()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            try (Statement s = c.createStatement()) {
                s.execute("insert into documents (id, head_version, created_at, updated_at) values ('big', " + BIG_OPS
                        + ", '2025-01-01T00:00:00Z', now())");
            }
            for (int v = 0; v < BIG_OPS; v++) {
                if (run-- <= 0) {
                    author = r.nextInt(AUTHORS.length);
                    run = 1 + r.nextInt(200);
                    time += 60_000 + r.nextInt(3_600_000);
                }
                time += 100 + r.nextInt(3000);
                TextOp op = nextOp(r, text);
                csv(ops, "big", Long.toString(v), "c-" + AUTHORS[author], Long.toString(v + 1), AUTHORS[author],
                        TextOpJson.toJsonString(op), Instant.ofEpochMilli(time).toString());
                perAuthor[author]++;
                lastAt[author] = time;
                if ((v + 1) % INTERVAL == 0) csv(milestones, "big", Long.toString(v + 1), text.toString());
                if (ops.length() > 8_000_000) flush(copy, "ops (doc_id, version, client_id, client_seq, author, op, created_at)", ops);
                if (milestones.length() > 8_000_000) flush(copy, "milestones (doc_id, version, text)", milestones);
            }
            flush(copy, "ops (doc_id, version, client_id, client_seq, author, op, created_at)", ops);
            flush(copy, "milestones (doc_id, version, text)", milestones);
            lastTime = time;
            StringBuilder editors = new StringBuilder();
            for (int a = 0; a < AUTHORS.length; a++) {
                if (perAuthor[a] > 0) csv(editors, AUTHORS[a], "big", Long.toString(perAuthor[a]), Instant.ofEpochMilli(lastAt[a]).toString());
            }
            flush(copy, "document_editors (author, doc_id, ops, last_at)", editors);
        }
    }

    /** An insert of 1-5 BMP characters or a delete of 1-10 (more inserts while the text is short). */
    private static TextOp nextOp(Random r, StringBuilder text) throws OtException {
        int length = text.length(); // BMP only: chars are code points
        int at = r.nextInt(length + 1);
        List<Component> cs = new ArrayList<>();
        if (at > 0) cs.add(new Component.Skip(at));
        boolean insert = length == 0 || r.nextInt(100) < (length < 8000 ? 70 : 30);
        if (insert || at == length) {
            StringBuilder w = new StringBuilder();
            for (int i = 1 + r.nextInt(5); i > 0; i--) w.append("abcdefghij klmnop\n".charAt(r.nextInt(18)));
            cs.add(new Component.Insert(w.toString()));
            text.insert(at, w);
        } else {
            int n = 1 + r.nextInt(Math.min(10, length - at));
            cs.add(new Component.DeleteText(text.substring(at, at + n)));
            text.delete(at, at + n);
        }
        return TextOp.of(cs);
    }

    /** 100,000 documents in 100 teams, 1-3 ops each by one or two of 1,000 people, active over a year. */
    private static void loadDocuments(HikariDataSource pool) throws Exception {
        Random r = new Random(11);
        StringBuilder docs = new StringBuilder();
        StringBuilder ops = new StringBuilder();
        StringBuilder editors = new StringBuilder();
        try (Connection c = pool.getConnection()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (int i = 0; i < DOCS; i++) {
                String id = "team" + r.nextInt(100) + "-note-" + i;
                Instant updated = T0.plusSeconds(r.nextInt(365 * 24 * 3600));
                int n = 1 + r.nextInt(3);
                csv(docs, id, Integer.toString(n), T0.toString(), updated.toString());
                String first = "user-" + r.nextInt(1000);
                String second = r.nextBoolean() ? first : "user-" + r.nextInt(1000);
                for (int v = 0; v < n; v++) {
                    String who = v == 0 ? first : second;
                    csv(ops, id, Integer.toString(v), "c-" + who, Integer.toString(v + 1), who, "[\"x\"]", updated.toString());
                }
                csv(editors, first, id, Integer.toString(first.equals(second) ? n : 1), updated.toString());
                if (!first.equals(second) && n > 1) csv(editors, second, id, Integer.toString(n - 1), updated.toString());
            }
            flush(copy, "documents (id, head_version, created_at, updated_at)", docs);
            flush(copy, "ops (doc_id, version, client_id, client_seq, author, op, created_at)", ops);
            flush(copy, "document_editors (author, doc_id, ops, last_at)", editors);
        }
    }

    private static void csv(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) out.append(',');
            out.append('"').append(fields[i].replace("\"", "\"\"")).append('"');
        }
        out.append('\n');
    }

    private static void flush(CopyManager copy, String table, StringBuilder rows) throws Exception {
        if (rows.isEmpty()) return;
        copy.copyIn("copy " + table + " from stdin with (format csv)", new StringReader(rows.toString()));
        rows.setLength(0);
    }
}
