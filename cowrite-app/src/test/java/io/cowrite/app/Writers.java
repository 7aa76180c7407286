package io.cowrite.app;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.ServerMessage;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closed-loop writers of one document that push its version forward as fast as the write path commits:
 * each makes its next edit (one lowercase letter typed, or one deleted when the text passes 400 code
 * points) the moment its previous op is acked, until the document's version reaches a target. Used to
 * put a client far behind through the real write path. Seeded.
 */
final class Writers implements AutoCloseable {
    final List<ResumingClient> clients = new ArrayList<>();
    final Set<String> submitted = ConcurrentHashMap.newKeySet();
    private volatile long target = -1;

    Writers(URI node, String doc, int count, long seed) {
        for (int i = 0; i < count; i++) {
            Random random = new Random(seed * 17 + i);
            ResumingClient c = new ResumingClient(node, doc + "-w" + i, doc, submitted, null, seed + i);
            c.observe(m -> {
                if (m instanceof ServerMessage.Ack) next(c, random);
            });
            clients.add(c.start());
        }
        Awaits.until(() -> clients.stream().allMatch(ResumingClient::isLive), Duration.ofSeconds(30), "writers live");
    }

    /** Writes until the document is at version {@code version} or beyond; returns when every writer is synchronized there. */
    void writeUntil(long version, Duration timeout) {
        target = version;
        for (ResumingClient c : clients) next(c, new Random(version + c.label.hashCode()));
        Awaits.until(() -> clients.stream().allMatch(c -> c.document().isSynchronized() && c.document().version() >= version),
                timeout, Duration.ofMillis(50), "writers at version " + version);
        long top = clients.stream().mapToLong(c -> c.document().version()).max().orElseThrow();
        Awaits.until(() -> clients.stream().allMatch(c -> c.document().isSynchronized() && c.document().version() == top),
                Duration.ofSeconds(10), "writers together at " + top);
    }

    private void next(ResumingClient c, Random random) {
        var d = c.document();
        try {
            synchronized (d) {
                if (d.version() >= target || !d.isSynchronized()) return;
                String text = d.text();
                int length = text.codePointCount(0, text.length());
                int at = random.nextInt(length + 1);
                List<Component> cs = new ArrayList<>(2);
                if (at > 0 && (length <= 400 || at < length)) cs.add(new Component.Skip(at));
                if (length > 400 && at < length) cs.add(new Component.Delete(1));
                else cs.add(new Component.Insert(String.valueOf((char) ('a' + random.nextInt(26)))));
                c.edit(TextOp.of(cs));
            }
        } catch (OtException e) {
            throw new IllegalStateException(e);
        }
    }

    void assertHealthy() {
        for (ResumingClient c : clients) c.assertHealthy();
    }

    @Override
    public void close() {
        for (ResumingClient c : clients) c.close();
    }
}
