package io.cowrite.history.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.core.ot.Component;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.history.api.DocumentOwners;
import io.cowrite.history.api.SubmitResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Restore and undo-author against replays from zero, on seeded random histories committed through a real
 * owner (some on stale bases, so the stored ops were transformed), and the retry rules against an owner
 * that refuses.
 */
class AdminWritesTest {
    private final Owned owned = new Owned();
    private final String doc = "doc-" + UUID.randomUUID();

    @AfterEach
    void close() throws Exception {
        owned.close();
    }

    private static long seed() {
        long seed = Long.getLong("cowrite.seed", new Random().nextLong());
        System.out.println("AdminWritesTest seed=" + seed + " (rerun with -Dcowrite.seed=" + seed + ")");
        return seed;
    }

    private AdminWrites writes(DocumentOwners owners) {
        return new AdminWrites(owned.store, owners, 7, 5000);
    }

    private AdminWrites writes() {
        return writes(new OwnerRoute(owned.node.sequencers(), s -> CompletableFuture.completedFuture(
                SubmitResult.Refused.unavailable("no other replica in this test"))));
    }

    @Test
    void aRestoreCommitsOneOpThatGivesTheTextAtThatVersion() throws Exception {
        long seed = seed();
        Random r = new Random(seed);
        AdminWrites writes = writes();
        for (int round = 0; round < 20; round++) {
            owned.randomHistory(doc, r, 1 + r.nextInt(12), "ann", "bob", "cy");
            long head = owned.head(doc);
            long v = r.nextInt((int) head + 1);
            String expected = owned.replay(doc, v);
            AdminWrites.Outcome preview = writes.restore(doc, v, true, "root");
            assertEquals(head, preview.base());
            assertNull(preview.version());
            assertEquals(head, owned.head(doc), "a preview commits nothing");
            assertSpans(preview.spans(), owned.replay(doc, head), expected);
            AdminWrites.Outcome done = writes.restore(doc, v, false, "root");
            assertEquals(head, done.version(), "seed " + seed + ": the new op is the next version");
            assertEquals(expected, owned.replay(doc, head + 1), "seed " + seed + ": restored to " + v);
            CommittedOp op = owned.ops(doc).get((int) head);
            assertEquals("root", op.author());
            assertTrue(op.clientId().startsWith("admin-") && op.seq() == 1, op.clientId());
        }
    }

    /** Equal and deleted runs spell the text before; equal and inserted ones the text after. */
    private static void assertSpans(List<RestoreSpans.Span> spans, String before, String after) {
        StringBuilder old = new StringBuilder();
        StringBuilder now = new StringBuilder();
        for (RestoreSpans.Span s : spans) {
            if (!s.kind().equals("insert")) old.append(s.text());
            if (!s.kind().equals("delete")) now.append(s.text());
            if (!s.kind().equals("equal")) assertEquals("root", s.author());
        }
        assertEquals(before, old.toString());
        assertEquals(after, now.toString());
    }

    @Test
    void anUndoTakesAwayExactlyThatAuthorsEditsOfTheRange() throws Exception {
        long seed = seed();
        Random r = new Random(seed);
        AdminWrites writes = writes();
        for (int round = 0; round < 40; round++) {
            // a document per round: an undo re-inserts characters, which would blur who inserted them
            String doc = "doc-" + UUID.randomUUID();
            owned.randomHistory(doc, r, 1 + r.nextInt(20), "ann", "bob", "cy");
            long head = owned.head(doc);
            long from = r.nextInt((int) head);
            long to = from + 1 + r.nextInt((int) (head - from));
            String author = List.of("ann", "bob", "cy").get(r.nextInt(3));
            Provenance p = Provenance.of(owned.ops(doc));
            String before = owned.replay(doc, head);
            AdminWrites.Outcome done = writes.undo(doc, author, from, to, false, "root");
            assertEquals(head, done.version());
            String after = owned.replay(doc, head + 1);
            p.assertUndone(before, after, author, from, to, "seed " + seed + " round " + round);
        }
    }

    /** Who inserted and who deleted each (unique) character, and at which version. */
    private record Provenance(Map<Integer, CommittedOp> inserted, Map<Integer, CommittedOp> deleted) {
        static Provenance of(List<CommittedOp> ops) {
            Provenance p = new Provenance(new HashMap<>(), new HashMap<>());
            for (CommittedOp op : ops) {
                for (Component c : op.op().components()) {
                    if (c instanceof Component.Insert i) i.text().codePoints().forEach(cp -> p.inserted.put(cp, op));
                    if (c instanceof Component.DeleteText d) d.text().codePoints().forEach(cp -> p.deleted.put(cp, op));
                }
            }
            return p;
        }

        boolean byIn(CommittedOp op, String author, long from, long to) {
            return op != null && op.author().equals(author) && op.version() >= from && op.version() < to;
        }

        void assertUndone(String before, String after, String author, long from, long to, String context) {
            List<Integer> kept = new ArrayList<>();
            Set<Integer> expected = new HashSet<>();
            before.codePoints().forEach(cp -> {
                if (!byIn(inserted.get(cp), author, from, to)) {
                    kept.add(cp);
                    expected.add(cp);
                }
            });
            deleted.forEach((cp, op) -> {
                if (byIn(op, author, from, to) && !byIn(inserted.get(cp), author, from, to)) expected.add(cp);
            });
            List<Integer> result = after.codePoints().boxed().toList();
            assertEquals(expected, new HashSet<>(result), context + ": the characters after the undo");
            assertEquals(expected.size(), result.size(), context + ": no character twice");
            List<Integer> order = result.stream().filter(kept::contains).toList();
            assertEquals(kept, order, context + ": everyone else's text keeps its order");
        }
    }

    @Test
    void anOpTheOwnerCouldNotPlaceIsComputedAgainOnTheNewHead() throws Exception {
        owned.randomHistory(doc, new Random(1), 6, "ann");
        AtomicInteger submits = new AtomicInteger();
        DocumentOwners real = owned.node.sequencers()::submit;
        DocumentOwners refusingOnce = s -> submits.incrementAndGet() == 1
                ? CompletableFuture.completedFuture(new SubmitResult.Refused(ErrorCode.VERSION_TOO_OLD, "too old", null))
                : real.submit(s);
        AdminWrites.Outcome done = writes(refusingOnce).restore(doc, 2, false, "root");
        assertEquals(2, submits.get());
        assertEquals(6, done.version());
        assertEquals(owned.replay(doc, 2), owned.replay(doc, 7));
    }

    @Test
    void anOwnerThatKeepsRefusingIsAConflictAndOneThatIsAwayUnavailable() throws Exception {
        owned.randomHistory(doc, new Random(2), 3, "ann");
        AtomicInteger submits = new AtomicInteger();
        DocumentOwners refusing = s -> {
            submits.incrementAndGet();
            return CompletableFuture.completedFuture(new SubmitResult.Refused(ErrorCode.INVALID_OP, "no", null));
        };
        AdminRefusal conflict = assertThrows(AdminRefusal.class, () -> writes(refusing).restore(doc, 1, false, "root"));
        assertEquals(409, conflict.status());
        assertEquals("conflict", conflict.code());
        assertEquals(AdminWrites.ATTEMPTS, submits.get());

        submits.set(0);
        DocumentOwners away = s -> {
            submits.incrementAndGet();
            return CompletableFuture.completedFuture(SubmitResult.Refused.unavailable("nobody owns it"));
        };
        AdminRefusal unavailable = assertThrows(AdminRefusal.class, () -> writes(away).undo(doc, "ann", 0, 3, false, "root"));
        assertEquals(503, unavailable.status());
        assertEquals(AdminWrites.ATTEMPTS, submits.get(), "the same op resent");
        assertEquals(3, owned.head(doc), "nothing committed");
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingIsCommitted() throws Exception {
        owned.randomHistory(doc, new Random(3), 3, "ann");
        AdminWrites writes = writes();
        assertEquals(404, assertThrows(AdminRefusal.class, () -> writes.restore("nothing-here", 0, false, "root")).status());
        assertEquals(400, assertThrows(AdminRefusal.class, () -> writes.restore(doc, 4, false, "root")).status());
        assertEquals(400, assertThrows(AdminRefusal.class, () -> writes.undo(doc, "ann", 2, 2, false, "root")).status());
        assertEquals(400, assertThrows(AdminRefusal.class, () -> writes.undo(doc, "ann", 0, 4, false, "root")).status());
        assertEquals(3, owned.head(doc));
    }
}
