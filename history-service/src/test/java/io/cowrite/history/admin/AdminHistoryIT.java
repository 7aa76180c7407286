package io.cowrite.history.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.history.admin.AdminViews.DocumentDetail;
import io.cowrite.history.admin.AdminViews.Editor;
import io.cowrite.history.admin.AdminViews.Revision;
import io.cowrite.history.admin.AdminViews.Timeline;
import io.cowrite.history.admin.WrittenHistory.Written;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin reads against the real PostgreSQL, on seeded random histories written through the real owner
 * (several documents and authors, inserts, deletes and replacements with characters outside the BMP,
 * commit times spread out, milestones every 7 versions). Every answer is checked against what the test
 * wrote and a replay from version 0. Reproduce with -Dcowrite.seed=S (the seed is printed on failure).
 */
class AdminHistoryIT {
    private static final String[] AUTHORS = {"ada", "bob", "cy"};
    private static final Duration GAP = Duration.ofSeconds(60);
    private static final long SEED = Long.getLong("cowrite.seed", System.nanoTime());
    private static final Random R = new Random(SEED);

    private static WrittenHistory h;
    private static AdminHistory admin;
    private static final List<String> DOCS = List.of("hist-long", "hist-a", "hist-b", "hist_c");

    @BeforeAll
    static void write() throws Exception {
        System.out.println("AdminHistoryIT: seed " + SEED + " (-Dcowrite.seed=" + SEED + " reproduces)");
        h = new WrittenHistory();
        admin = new AdminHistory(h.store, new AdminQueries(h.pool), new AdminConfig(GAP), WrittenHistory.INTERVAL);
        try {
            writeDoc("hist-long", 1100, 0.97); // crosses version 1000, where a revision always ends
            for (String doc : DOCS.subList(1, DOCS.size())) writeDoc(doc, 120 + R.nextInt(120), 0.7);
        } catch (AssertionError | Exception e) {
            throw new AssertionError(seed(), e);
        }
    }

    private static void writeDoc(String doc, int ops, double sameAuthor) throws Exception {
        String author = AUTHORS[R.nextInt(AUTHORS.length)];
        for (int i = 0; i < ops; i++) {
            if (R.nextDouble() > sameAuthor) author = AUTHORS[R.nextInt(AUTHORS.length)];
            h.clock.advance(nextGap());
            h.write(doc, author, RandomEdits.next(R, h.text(doc)));
        }
    }

    /** Mostly seconds apart, sometimes exactly at the revision gap or just below it, sometimes minutes. */
    private static Duration nextGap() {
        int k = R.nextInt(20);
        if (k == 0) return GAP;
        if (k == 1) return GAP.minusMillis(1);
        if (k == 2) return Duration.ofMinutes(2 + R.nextInt(60));
        return Duration.ofMillis(1 + R.nextInt(20_000));
    }

    @AfterAll
    static void close() throws Exception {
        if (h != null) h.close();
    }

    private static String seed() {
        return "seed " + SEED + " (reproduce with -Dcowrite.seed=" + SEED + ")";
    }

    private interface Check {
        void run() throws Exception;
    }

    private static void seeded(Check check) throws Exception {
        try {
            check.run();
        } catch (AssertionError e) {
            throw new AssertionError(seed() + ": " + e.getMessage(), e);
        }
    }

    /** The texts at every version, replayed from version 0 out of the stored ops. */
    private static List<String> replayFromZero(String doc) throws OtException {
        List<String> texts = new ArrayList<>(List.of(""));
        String text = "";
        for (long v = 0; v < h.head(doc); ) {
            List<CommittedOp> page = h.store.range(doc, v, h.head(doc), 500).ops();
            for (CommittedOp op : page) {
                text = TextType.apply(text, op.op());
                texts.add(text);
            }
            v += page.size();
        }
        return texts;
    }

    @Test
    void theTextAtEveryVersionIsTheReplayFromZero() throws Exception {
        seeded(() -> {
            for (String doc : DOCS) {
                List<String> replay = replayFromZero(doc);
                List<Written> written = h.docs.get(doc);
                assertEquals(written.size() + 1, replay.size());
                for (int v = 0; v <= written.size(); v++) {
                    if (doc.equals("hist-long") && R.nextInt(5) != 0 && v != written.size()) continue; // a sample
                    assertEquals(v == 0 ? "" : written.get(v - 1).textAfter(), replay.get(v), doc + "@" + v + " as written");
                    AdminViews.TextAt at = admin.textAt(doc, v);
                    assertEquals(replay.get(v), at.text(), doc + "@" + v);
                    assertEquals(v, at.version());
                    assertEquals(v == 0 ? null : Instant.ofEpochMilli(written.get(v - 1).time()).toString(), at.at());
                }
            }
        });
    }

    @Test
    void theTextAtATimeIsTheVersionOfEveryOpCommittedByThen() throws Exception {
        seeded(() -> {
            for (String doc : DOCS) {
                List<String> replay = replayFromZero(doc);
                List<Written> written = h.docs.get(doc);
                long first = written.get(0).time();
                long last = written.get(written.size() - 1).time();
                List<Long> times = new ArrayList<>(List.of(first - 1, first, last, last + 1, last + 3_600_000));
                for (int i = 0; i < 40; i++) {
                    times.add(first + (long) (R.nextDouble() * (last - first)));
                    times.add(written.get(R.nextInt(written.size())).time() + R.nextInt(3) - 1); // just before, at, just after
                }
                for (long t : times) {
                    long expected = written.stream().filter(w -> w.time() <= t).count();
                    AdminViews.TextAt at = admin.textAtTime(doc, Instant.ofEpochMilli(t));
                    assertEquals(expected, at.version(), doc + " at " + Instant.ofEpochMilli(t));
                    assertEquals(replay.get((int) expected), at.text());
                }
            }
        });
    }

    @Test
    void theTimelinePartitionsTheVersionsIntoRevisionsWithTheirCounts() throws Exception {
        seeded(() -> {
            for (String doc : DOCS) {
                List<Written> w = h.docs.get(doc);
                List<Revision> all = new ArrayList<>();
                Long before = null;
                do {
                    Timeline page = admin.timeline(doc, before, 1 + R.nextInt(7));
                    assertTrue(!page.revisions().isEmpty(), "a page before " + before + " has revisions");
                    all.addAll(page.revisions());
                    before = page.next();
                    if (before != null) assertEquals(page.revisions().get(page.revisions().size() - 1).from(), before);
                } while (before != null);
                long to = w.size();
                for (Revision r : all) {
                    assertEquals(to, r.to(), "revisions are contiguous, newest first");
                    assertTrue(r.from() < r.to());
                    assertEquals(r.to() - r.from(), r.ops());
                    long added = 0;
                    long removed = 0;
                    for (long v = r.from(); v < r.to(); v++) {
                        Written op = w.get((int) v);
                        assertEquals(op.author(), r.author(), doc + "@" + v);
                        if (v > r.from()) assertTrue(together(w.get((int) v - 1), op), "inside a revision at " + v);
                        added += op.added();
                        removed += op.removed();
                    }
                    if (r.from() > 0) assertTrue(!together(w.get((int) r.from() - 1), w.get((int) r.from())), "a revision ends at " + r.from());
                    assertEquals(added, r.added(), "added " + doc + " " + r);
                    assertEquals(removed, r.removed(), "removed " + doc + " " + r);
                    assertEquals(Instant.ofEpochMilli(w.get((int) r.from()).time()).toString(), r.start());
                    assertEquals(Instant.ofEpochMilli(w.get((int) r.to() - 1).time()).toString(), r.end());
                    to = r.from();
                }
                assertEquals(0, to, "the revisions reach version 0");
            }
        });
    }

    private static boolean together(Written earlier, Written later) {
        return earlier.author().equals(later.author()) && later.time() - earlier.time() < GAP.toMillis()
                && later.version() % 1000 != 0;
    }

    @Test
    void aDiffGivesBothTextsAndAttributesEveryChange() throws Exception {
        seeded(() -> {
            for (String doc : DOCS) {
                List<String> replay = replayFromZero(doc);
                int head = h.docs.get(doc).size();
                List<long[]> pairs = new ArrayList<>(List.of(new long[] {0, head}, new long[] {head - 1, head}));
                for (int i = 0; i < 25; i++) {
                    long a = R.nextInt(head);
                    pairs.add(new long[] {a, a + 1 + R.nextInt(head - (int) a)});
                }
                for (long[] p : pairs) {
                    AdminViews.Diff d = admin.diff(doc, p[0], p[1]);
                    assertEquals(p[0], d.from());
                    assertEquals(p[1], d.to());
                    List<CommittedOp> ops = h.store.range(doc, p[0], p[1], Integer.MAX_VALUE).ops();
                    AttributedDiffTest.DiffChecks.check(replay.get((int) p[0]), replay.get((int) p[1]), d.spans(), ops, p[0]);
                }
            }
        });
    }

    @Test
    void aDocumentsDetailCountsItsEditorsAndMilestones() throws Exception {
        seeded(() -> {
            for (String doc : DOCS) {
                List<Written> w = h.docs.get(doc);
                DocumentDetail d = admin.detail(doc);
                assertEquals(doc, d.id());
                assertEquals(w.size(), d.headVersion());
                assertEquals(0, d.horizon());
                assertEquals(w.size() / WrittenHistory.INTERVAL, d.milestones());
                Map<String, List<Written>> byAuthor = w.stream().collect(Collectors.groupingBy(Written::author, TreeMap::new, Collectors.toList()));
                assertEquals(byAuthor.size(), d.editors().size());
                for (Editor e : d.editors()) {
                    List<Written> mine = byAuthor.get(e.author());
                    assertEquals(mine.size(), e.ops(), e.author());
                    assertEquals(Instant.ofEpochMilli(mine.get(mine.size() - 1).time()).toString(), e.lastAt());
                }
                for (int i = 1; i < d.editors().size(); i++) {
                    assertTrue(d.editors().get(i - 1).lastAt().compareTo(d.editors().get(i).lastAt()) >= 0, "latest first");
                }
            }
            AdminException e = assertThrows(AdminException.class, () -> admin.detail("never-written"));
            assertEquals(AdminException.Kind.NOT_FOUND, e.kind());
        });
    }

    @Test
    void badVersionsAreRefused() {
        for (Runnable r : List.<Runnable>of(() -> admin.textAt("hist-a", h.head("hist-a") + 1), () -> admin.textAt("hist-a", -1),
                () -> admin.diff("hist-a", 3, 3), () -> admin.diff("hist-a", 4, 3), () -> admin.diff("hist-a", 0, h.head("hist-a") + 1),
                () -> admin.timeline("hist-a", h.head("hist-a") + 1, 5))) {
            assertEquals(AdminException.Kind.INVALID_REQUEST, assertThrows(AdminException.class, r::run).kind());
        }
        assertEquals(AdminException.Kind.NOT_FOUND, assertThrows(AdminException.class, () -> admin.textAt("nope", 0)).kind());
    }

    /**
     * Ops below a milestone removed, as retention compacts: the text at every version from the milestone
     * on is still served (so nothing replays from 0), earlier ones are refused as compacted, the horizon shows.
     */
    @Test
    void pastACompactionTheMilestonesServeAndTheRestIsRefused() throws Exception {
        seeded(() -> {
            String doc = "compacted-doc";
            writeDoc(doc, 40, 0.5);
            List<String> replay = replayFromZero(doc);
            long horizon = 3 * WrittenHistory.INTERVAL;
            try (Connection c = h.pool.getConnection(); PreparedStatement ps = c.prepareStatement("delete from ops where doc_id = ? and version < ?")) {
                ps.setString(1, doc);
                ps.setLong(2, horizon);
                assertEquals(horizon, ps.executeUpdate());
            }
            assertEquals(horizon, admin.detail(doc).horizon());
            for (long v = horizon; v <= 40; v++) assertEquals(replay.get((int) v), admin.textAt(doc, v).text(), "@" + v);
            assertEquals(replay.get(2 * WrittenHistory.INTERVAL), admin.textAt(doc, 2 * WrittenHistory.INTERVAL).text(), "a milestone itself");
            assertEquals("", admin.textAt(doc, 0).text());
            for (Runnable r : List.<Runnable>of(() -> admin.textAt(doc, horizon - 1), () -> admin.diff(doc, horizon - 1, 40))) {
                assertEquals(AdminException.Kind.COMPACTED, assertThrows(AdminException.class, r::run).kind());
            }
            AttributedDiffTest.DiffChecks.check(replay.get((int) horizon), replay.get(40), admin.diff(doc, horizon, 40).spans(),
                    h.store.range(doc, horizon, 40, 100).ops(), horizon);
            Timeline t = admin.timeline(doc, null, 200);
            assertEquals(horizon, t.revisions().get(t.revisions().size() - 1).from());
            assertNull(t.next());
        });
    }
}
