package io.cowrite.history.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.history.admin.AdminViews.DocumentPage;
import io.cowrite.history.admin.AdminViews.DocumentRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The document list against the real PostgreSQL: pages walked with the cursor return every matching
 * document exactly once, in order (last activity descending, then id), with ties on the activity time;
 * the prefix (where {@code _} is a character, not a wildcard), editor and activity filters. Documents
 * written through the owner (editors) plus rows seeded in SQL (many, with ties). Seeded: -Dcowrite.seed=S.
 */
class DocumentListIT {
    private static final long SEED = Long.getLong("cowrite.seed", System.nanoTime());
    private static final Random R = new Random(SEED);
    private static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");

    private static WrittenHistory h;
    private static AdminHistory admin;
    /** id → updated_at, of every document in the database. */
    private static final Map<String, Instant> UPDATED = new TreeMap<>();
    /** author → the documents they edited through the owner. */
    private static final Map<String, Set<String>> EDITED = new TreeMap<>();

    @BeforeAll
    static void seed() throws Exception {
        System.out.println("DocumentListIT: seed " + SEED + " (-Dcowrite.seed=" + SEED + " reproduces)");
        h = new WrittenHistory();
        admin = new AdminHistory(h.store, new AdminQueries(h.pool), new AdminConfig(Duration.ofSeconds(60)), WrittenHistory.INTERVAL);
        String[] authors = {"ada", "bob", "cy", "dee"};
        for (int d = 0; d < 12; d++) {
            String doc = "owned-" + d;
            for (int i = 0; i < 3 + R.nextInt(5); i++) {
                String author = authors[R.nextInt(3)]; // dee never edits
                h.write(doc, author, RandomEdits.next(R, h.text(doc)));
                EDITED.computeIfAbsent(author, a -> new HashSet<>()).add(doc);
            }
        }
        List<String> ids = new ArrayList<>(List.of("p_1", "p_2", "pa1", "pb", "p-1", "p", "q_"));
        for (int i = 0; i < 300; i++) ids.add((i % 3 == 0 ? "lst-" : i % 3 == 1 ? "lst_" : "other-") + Integer.toString(R.nextInt(1_000_000), 36) + i);
        try (Connection c = h.pool.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into documents (id, head_version, created_at, updated_at) values (?, 1, ?, ?)")) {
            for (String id : ids) {
                // 40 distinct times with microseconds, so many documents share one
                Instant t = T0.plusSeconds(R.nextInt(40) * 3600L).plusNanos(123_456_000L);
                ps.setString(1, id);
                ps.setObject(2, OffsetDateTime.ofInstant(T0, ZoneOffset.UTC));
                ps.setObject(3, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
                ps.addBatch();
            }
            ps.executeBatch();
            try (ResultSet rs = c.createStatement().executeQuery("select id, updated_at from documents")) {
                while (rs.next()) UPDATED.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
            }
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (h != null) h.close();
    }

    /** Walks every page with random limits; checks each page against the expected order and the whole. */
    private static void walk(String prefix, String editor, Instant after, Instant before, Predicate<String> matches) {
        List<String> expected = UPDATED.keySet().stream().filter(matches)
                .filter(id -> after == null || UPDATED.get(id).isAfter(after))
                .filter(id -> before == null || UPDATED.get(id).isBefore(before))
                .sorted(Comparator.comparing((String id) -> UPDATED.get(id)).reversed().thenComparing(Comparator.naturalOrder()))
                .toList();
        List<String> got = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            int limit = 1 + R.nextInt(R.nextBoolean() ? 7 : 200);
            DocumentPage page = admin.list(ListQuery.parse(prefix, editor, after == null ? null : after.toString(),
                    before == null ? null : before.toString(), Integer.toString(limit), cursor));
            assertTrue(page.documents().size() <= limit);
            if (page.next() != null) assertEquals(limit, page.documents().size(), "only the last page is short");
            for (DocumentRow row : page.documents()) {
                got.add(row.id());
                assertEquals(UPDATED.get(row.id()).toString(), row.updatedAt());
            }
            cursor = page.next();
            assertTrue(++pages <= expected.size() + 1, "the walk ends");
        } while (cursor != null);
        assertEquals(expected, got, "seed " + SEED + " (reproduce with -Dcowrite.seed=" + SEED + "): prefix " + prefix + ", editor " + editor);
    }

    @Test
    void everyDocumentOnceInOrderAcrossPages() {
        walk(null, null, null, null, id -> true);
    }

    @Test
    void aPrefixMatchesIdsStartingWithItAndUnderscoreIsNoWildcard() {
        for (String p : List.of("lst-", "lst_", "lst", "p_", "p", "pa", "q", "owned-1", "zzz")) walk(p, null, null, null, id -> id.startsWith(p));
    }

    @Test
    void anEditorKeepsTheDocumentsTheyEdited() {
        for (String a : List.of("ada", "bob", "cy", "dee")) {
            Set<String> mine = EDITED.getOrDefault(a, Set.of());
            walk(null, a, null, null, mine::contains);
            walk("owned-1", a, null, null, id -> mine.contains(id) && id.startsWith("owned-1"));
        }
    }

    @Test
    void activityBoundsAreExclusive() {
        Instant after = T0.plusSeconds(10 * 3600L).plusNanos(123_456_000L); // a time documents have exactly
        Instant before = T0.plusSeconds(30 * 3600L).plusNanos(123_456_000L);
        walk(null, null, after, null, id -> true);
        walk(null, null, null, before, id -> true);
        walk("lst", null, after, before, id -> id.startsWith("lst"));
    }

    @Test
    void badParametersAreRefused() {
        for (String[] p : List.of(new String[] {"a.b", null, null}, new String[] {null, "0", null}, new String[] {null, "201", null},
                new String[] {null, "x", null}, new String[] {null, null, "not-a-cursor"}, new String[] {null, null, "MTIz"})) {
            AdminException e = assertThrows(AdminException.class, () -> ListQuery.parse(p[0], null, null, null, p[1], p[2]));
            assertEquals(AdminException.Kind.INVALID_REQUEST, e.kind());
        }
        assertThrows(AdminException.class, () -> ListQuery.parse(null, null, "yesterday", null, null, null));
    }
}
