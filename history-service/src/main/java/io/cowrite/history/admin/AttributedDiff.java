package io.cowrite.history.admin;

import io.cowrite.core.ot.Component;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.history.admin.AdminViews.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A diff from the text at version {@code a} to the text at a later version, attributed to authors, built
 * by playing the ops of [a, b) over the text at {@code a}: each code point of the text at {@code a} stays
 * (equal) or is deleted by some op (delete, that op's author and version); each code point an op inserts
 * stays (insert, that op) or is deleted again later, and then vanishes from the diff.
 *
 * <p>The document is a sequence of segments in blocks of at most about {@value #MAX_BLOCK} segments, each
 * block knowing how many visible code points it holds, so an op finds its positions by skipping whole
 * blocks: about O(blocks + block size) per component instead of O(text length). Deletions of the text at
 * {@code a} stay as invisible tombstones; an insert goes after the tombstones at its position, so a
 * replaced run reads delete-then-insert. Not thread-safe: one per diff.
 */
final class AttributedDiff {
    private static final int CHUNK = 64;
    private static final int MAX_BLOCK = 256;

    /** A run of code points. Inserted: author and version of the op that inserted it. Original: of the op that deleted it, if one did. */
    private static final class Seg {
        final String text;
        final int length;
        final boolean inserted;
        String author;
        long version = -1;

        Seg(String text, int length, boolean inserted, String author, long version) {
            this.text = text;
            this.length = length;
            this.inserted = inserted;
            this.author = author;
            this.version = version;
        }

        boolean visible() {
            return inserted || version < 0;
        }

        Seg slice(int from, int to, int codePoints) {
            return new Seg(text.substring(from, to), codePoints, inserted, author, version);
        }
    }

    private static final class Block {
        final ArrayList<Seg> segs = new ArrayList<>();
        int visible;
    }

    private final ArrayList<Block> blocks = new ArrayList<>();
    private int bi;
    private int si;

    AttributedDiff(String base) {
        Block b = new Block();
        blocks.add(b);
        for (int i = 0; i < base.length(); ) {
            int end = i;
            int n = 0;
            while (end < base.length() && n < CHUNK) {
                end += Character.charCount(base.codePointAt(end));
                n++;
            }
            if (b.segs.size() == MAX_BLOCK / 2) blocks.add(b = new Block());
            b.segs.add(new Seg(base.substring(i, end), n, false, null, -1));
            b.visible += n;
            i = end;
        }
    }

    /** Plays one op (applying to the text so far). {@link IllegalStateException} if it does not apply. */
    void apply(CommittedOp op) {
        bi = 0;
        si = 0;
        for (Component c : op.op().components()) {
            switch (c) {
                case Component.Skip s -> skip(s.n());
                case Component.Insert i -> insert(i.text(), i.length(), op.author(), op.version());
                case Component.DeleteText d -> delete(d.length(), op.author(), op.version());
                case Component.Delete d -> delete(d.n(), op.author(), op.version());
            }
        }
        blocks.removeIf(b -> b.segs.isEmpty());
        if (blocks.isEmpty()) blocks.add(new Block());
    }

    private void skip(int n) {
        while (n > 0) {
            Block b = block(n);
            if (si == 0 && b.visible <= n) {
                n -= b.visible;
                bi++;
            } else if (si == b.segs.size()) {
                bi++;
                si = 0;
            } else {
                Seg s = b.segs.get(si);
                int v = s.visible() ? s.length : 0;
                if (v > n) split(b, n);
                n -= Math.min(v, n);
                si++;
            }
        }
    }

    private void insert(String text, int length, String author, long version) {
        if (bi == blocks.size()) { // a skip to the very end: append to the last block
            bi--;
            si = blocks.get(bi).segs.size();
        }
        while (true) { // past the tombstones here
            Block b = blocks.get(bi);
            if (si == b.segs.size()) {
                if (bi == blocks.size() - 1) break;
                bi++;
                si = 0;
            } else if (!b.segs.get(si).visible()) {
                si++;
            } else {
                break;
            }
        }
        Block b = blocks.get(bi);
        b.segs.add(si++, new Seg(text, length, true, author, version));
        b.visible += length;
        rebalance(b);
    }

    private void delete(int n, String author, long version) {
        while (n > 0) {
            Block b = block(n);
            if (si == b.segs.size()) {
                bi++;
                si = 0;
                continue;
            }
            Seg s = b.segs.get(si);
            if (!s.visible()) {
                si++;
                continue;
            }
            if (s.length > n) {
                s = split(b, n);
                b = blocks.get(bi); // the split may have moved the cursor into a new block
            }
            n -= s.length;
            b.visible -= s.length;
            if (s.inserted) {
                b.segs.remove(si); // inserted after a and deleted again before b: not in the diff
            } else {
                s.author = author;
                s.version = version;
                si++;
            }
        }
    }

    private Block block(int wanted) {
        if (bi >= blocks.size()) throw new IllegalStateException("op runs " + wanted + " code points past the end");
        return blocks.get(bi);
    }

    /** Splits the segment at the cursor after {@code k} code points; returns the first part (still at the cursor). */
    private Seg split(Block b, int k) {
        Seg s = b.segs.get(si);
        int cut = s.text.offsetByCodePoints(0, k);
        Seg first = s.slice(0, cut, k);
        b.segs.set(si, first);
        b.segs.add(si + 1, s.slice(cut, s.text.length(), s.length - k));
        rebalance(b);
        return first;
    }

    /** Splits a block grown past {@value #MAX_BLOCK} segments in two, keeping the cursor on the same segment. */
    private void rebalance(Block b) {
        if (b.segs.size() <= MAX_BLOCK) return;
        int half = b.segs.size() / 2;
        Block tail = new Block();
        List<Seg> moved = b.segs.subList(half, b.segs.size());
        tail.segs.addAll(moved);
        moved.clear();
        for (Seg s : tail.segs) if (s.visible()) tail.visible += s.length;
        b.visible -= tail.visible;
        blocks.add(bi + 1, tail); // b is always the cursor's block
        if (si >= half) {
            bi++;
            si -= half;
        }
    }

    /** The diff so far, adjacent runs of the same kind, author and op merged. */
    List<Span> spans() {
        List<Span> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        String kind = null;
        String author = null;
        long version = -1;
        for (Block b : blocks) {
            for (Seg s : b.segs) {
                String k = s.inserted ? "insert" : s.visible() ? "equal" : "delete";
                if (!k.equals(kind) || s.version != version || !Objects.equals(s.author, author)) {
                    if (kind != null) out.add(span(kind, text, author, version));
                    kind = k;
                    author = s.author;
                    version = s.version;
                    text.setLength(0);
                }
                text.append(s.text);
            }
        }
        if (kind != null) out.add(span(kind, text, author, version));
        return out;
    }

    private static Span span(String kind, StringBuilder text, String author, long version) {
        return new Span(kind, text.toString(), author, version < 0 ? null : version);
    }
}
