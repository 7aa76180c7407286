package io.cowrite.history.admin;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.history.MutableClock;
import io.cowrite.history.api.LocalCommitHub;
import io.cowrite.history.api.Submit;
import io.cowrite.history.api.SubmitResult;
import io.cowrite.history.owner.InMemoryLeases;
import io.cowrite.history.owner.OwnerNode;
import io.cowrite.history.owner.OwnerSettings;
import io.cowrite.history.store.InMemoryHistoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One owner replica (it holds every shard) over an in-memory store, with a clock the test moves, and
 * seeded random histories committed through it by several authors, some on stale bases (so the owner
 * transforms them). Every inserted character is unique, so a character tells who inserted it and when.
 */
final class Owned implements AutoCloseable {
    static final int MILESTONE_EVERY = 4;

    final MutableClock clock = new MutableClock();
    final InMemoryLeases leases = new InMemoryLeases(clock);
    final InMemoryHistoryStore store = new InMemoryHistoryStore(leases);
    final LocalCommitHub hub = new LocalCommitHub();
    final OwnerNode node;
    private final Map<String, Long> seqs = new HashMap<>();
    private int nextChar;

    Owned() {
        OwnerSettings settings = new OwnerSettings("replica-a", 4, Duration.ofSeconds(3), Duration.ofHours(1), 1000,
                1_000_000, MILESTONE_EVERY, 256, 10_000, 500, Duration.ofHours(1), Duration.ofSeconds(30));
        node = new OwnerNode(store, leases, hub, settings, clock).start();
    }

    /** Moves the clock, renewing the leases (their term is shorter than a long history). */
    void advance(Duration d) {
        clock.advance(d);
        node.keeper().tick();
    }

    SubmitResult submit(String doc, long base, String author, TextOp op) throws Exception {
        long seq = seqs.merge(author, 1L, Long::sum);
        return node.sequencers().submit(new Submit(doc, base, author + "-client", seq, author, op)).get(10, TimeUnit.SECONDS);
    }

    long head(String doc) {
        return store.load(doc).head();
    }

    /** Every op from version 0, read back from the store. */
    List<CommittedOp> ops(String doc) {
        return store.range(doc, 0, Long.MAX_VALUE, Integer.MAX_VALUE).ops();
    }

    /** The text after the first {@code version} ops, replayed from zero. */
    String replay(String doc, long version) throws OtException {
        String text = "";
        for (CommittedOp op : ops(doc)) {
            if (op.version() >= version) break;
            text = TextType.apply(text, op.op());
        }
        return text;
    }

    /** {@code n} random edits by {@code authors}, each on the head or up to two versions behind it. */
    void randomHistory(String doc, Random r, int n, String... authors) throws Exception {
        for (int i = 0; i < n; i++) {
            long head = head(doc);
            long base = Math.max(0, head - r.nextInt(3));
            TextOp op = randomEdit(r, replay(doc, base));
            SubmitResult result = submit(doc, base, authors[r.nextInt(authors.length)], op);
            if (!(result instanceof SubmitResult.Committed)) throw new AssertionError("not committed: " + result);
            advance(Duration.ofSeconds(1));
        }
    }

    /** Inserts 1-3 new unique characters, or deletes 1-3 characters, at a random place of {@code text}. */
    TextOp randomEdit(Random r, String text) throws OtException {
        int length = text.codePointCount(0, text.length());
        int at = r.nextInt(length + 1);
        List<Component> cs = new ArrayList<>();
        if (at > 0) cs.add(new Component.Skip(at));
        if (length == 0 || at == length || r.nextInt(10) < 6) {
            StringBuilder s = new StringBuilder();
            for (int k = r.nextInt(3); k >= 0; k--) s.appendCodePoint(uniqueChar());
            cs.add(new Component.Insert(s.toString()));
        } else {
            cs.add(new Component.Delete(Math.min(length - at, 1 + r.nextInt(3))));
        }
        return TextOp.of(cs);
    }

    /** A character never used before: CJK ideographs, every fifth one outside the BMP. */
    private int uniqueChar() {
        int c = nextChar++;
        return c % 5 == 0 ? 0x20000 + c : 0x4E00 + c;
    }

    @Override
    public void close() throws Exception {
        node.close();
    }
}
