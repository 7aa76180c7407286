package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.Decoded;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.editor.doc.DocumentRegistry;
import io.cowrite.editor.session.SessionRegistry;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A seeded barrage of hostile frames at a live server (jwt mode, permessage-deflate on, small limits), while
 * four people co-edit a document. Every case gets the reply or close code docs/protocol.md gives it
 * ({@link HostileMessages}, {@link SemanticCases}, {@link HostileFrames}); the people's edits are all acked
 * and converge with PostgreSQL; the attacked documents are unchanged; sessions, documents and the heap return
 * to their size before the attack. Latencies are printed, never asserted. Reproduce with the printed
 * {@code -Dcowrite.seed=...}; {@code -Dcowrite.hostile.frames=N} changes the size of the barrage.
 */
class HostileTrafficIT {
    static final int MAX_MESSAGE = 64 * 1024;
    static final int MAX_INVALID = 30;
    static final int MAX_DOCS = 8;
    static final int MAX_PER_USER = 6;
    static final int MAX_PER_ADDRESS = 100;
    static final int MAX_DOC_LENGTH = 200_000;
    static final int ATTACKERS = 4;
    static final int BYSTANDERS = 4;

    static Map<String, Object> settings() {
        Map<String, Object> s = new HashMap<>(Tokens.jwtMode());
        s.put("cowrite.editor.websocket-compression", true);
        s.put("cowrite.editor.max-message-bytes", MAX_MESSAGE);
        s.put("cowrite.editor.max-invalid-messages", MAX_INVALID);
        s.put("cowrite.editor.max-docs-per-connection", MAX_DOCS);
        s.put("cowrite.editor.max-connections-per-user", MAX_PER_USER);
        s.put("cowrite.editor.max-connections-per-address", MAX_PER_ADDRESS);
        // Rates are FloodIT's subject; here they would make answers depend on timing.
        s.put("cowrite.editor.ops-per-second", 1_000_000);
        s.put("cowrite.editor.ops-per-second-per-user", 1_000_000);
        s.put("cowrite.editor.pings-per-second", 1_000_000); // pings confirm each silent case (the ping limit has a unit test)
        s.put("cowrite.editor.hello-timeout", "1s");
        s.put("cowrite.max-doc-length", MAX_DOC_LENGTH);
        return s;
    }

    @Test
    void everyHostileFrameGetsItsDocumentedAnswerWhilePeopleEdit() throws Exception {
        long seed = Long.getLong("cowrite.seed", new Random().nextLong());
        int frames = Integer.getInteger("cowrite.hostile.frames", 10_000);
        System.out.println("HostileTrafficIT seed=" + seed + " (rerun with -Dcowrite.seed=" + seed + ")");
        try (TestDatabase db = TestDatabase.create(); TestServer server = TestServer.start(db, "local", settings())) {
            try {
                attack(db, server, seed, frames);
            } catch (Throwable t) {
                throw new AssertionError("failed with seed " + seed + ": " + t.getMessage(), t);
            }
        }
    }

    private void attack(TestDatabase db, TestServer server, long seed, int frames) throws Exception {
        SessionRegistry sessions = server.context().getBean(SessionRegistry.class);
        DocumentRegistry documents = server.context().getBean(DocumentRegistry.class);
        AttackedDocs docs;
        try (TestClient writer = new TestClient(server.ws(), "setup").withToken(Tokens.grant("setup", "*", null)).connect()) {
            docs = AttackedDocs.write(writer, MAX_DOC_LENGTH);
        }
        List<TestClient> people = new ArrayList<>();
        for (int i = 0; i < BYSTANDERS; i++) {
            people.add(new TestClient(server.ws(), "bys-" + i).withToken(Tokens.grant("bys-" + i, "bys-doc", null)));
        }
        try (Bystanders bystanders = new Bystanders(people, "bys-doc").start(seed, 30)) {
            bystanders.awaitMoreEdits(200, Duration.ofSeconds(60));
            long heapBefore = liveHeap();
            List<Lingerer> lingerers = Lingerer.open(server, seed);
            bystanders.phase("during");
            long t0 = System.nanoTime();
            List<Attacker> attackers = barrage(server, docs, seed, frames);
            long barrageMs = (System.nanoTime() - t0) / 1_000_000;
            bystanders.phase("after");
            report(attackers, barrageMs, bystanders);
            List<String> mismatches = new ArrayList<>();
            attackers.forEach(a -> mismatches.addAll(a.mismatches));
            for (Lingerer l : lingerers) l.check(mismatches);
            assertTrue(mismatches.isEmpty(), mismatches.size() + " answers differ from docs/protocol.md:\n" + String.join("\n", mismatches));
            Awaits.until(() -> sessions.size() == BYSTANDERS, Duration.ofSeconds(20), "only the bystanders' sessions left");
            perAddressLimit(server, sessions);
            Awaits.until(() -> sessions.size() == BYSTANDERS, Duration.ofSeconds(20), "only the bystanders' sessions left");
            Awaits.until(() -> documents.size() == 1, Duration.ofSeconds(30), "every document the attack opened closed");
            long heapAfter = liveHeap();
            System.out.printf("live heap after GC: before %d MiB, after %d MiB%n", heapBefore >> 20, heapAfter >> 20);
            assertTrue(heapAfter - heapBefore < 64L << 20, "the attack left no weight behind: the live heap grew by "
                    + ((heapAfter - heapBefore) >> 20) + " MiB");
            bystanders.stopAndCheck(db);
            docs.assertUnchanged(db);
        }
    }

    private static List<Attacker> barrage(TestServer server, AttackedDocs docs, long seed, int frames) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(ATTACKERS);
        try {
            List<Future<Attacker>> running = new ArrayList<>();
            for (int i = 0; i < ATTACKERS; i++) {
                running.add(pool.submit(new Attacker(i, seed, server.ws(), docs, (frames + ATTACKERS - 1) / ATTACKERS, MAX_INVALID,
                        MAX_MESSAGE)));
            }
            List<Attacker> done = new ArrayList<>();
            for (Future<Attacker> f : running) done.add(f.get(10, TimeUnit.MINUTES));
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void report(List<Attacker> attackers, long barrageMs, Bystanders bystanders) {
        Map<String, Integer> outcomes = new TreeMap<>();
        int frames = 0;
        int cases = 0;
        long bytes = 0;
        long bombs = 0;
        for (Attacker a : attackers) {
            a.outcomes.forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
            frames += a.framesSent;
            cases += a.cases;
            bytes += a.bytesSent;
            bombs += a.bombBytes;
        }
        System.out.printf("barrage: %d hostile frames in %d cases (%d MiB sent, bombs inflating to %d MiB) in %d ms%n", frames, cases,
                bytes >> 20, bombs >> 20, barrageMs);
        outcomes.forEach((k, v) -> System.out.printf("  %-40s %6d%n", k, v));
        System.out.println("bystanders' ack latency before the barrage: " + bystanders.latencies("before").summary());
        System.out.println("bystanders' ack latency during the barrage: " + bystanders.latencies("during").summary());
        assertTrue(frames >= 10_000 || Integer.getInteger("cowrite.hostile.frames", 10_000) < 10_000, "at least 10,000 hostile frames");
    }

    /** Connections from one address beyond the limit are refused at once (§8 4005), before any hello. */
    private static void perAddressLimit(TestServer server, SessionRegistry sessions) throws Exception {
        List<RawWebSocket> open = new ArrayList<>();
        try {
            int room = MAX_PER_ADDRESS - sessions.size();
            for (int i = 0; i < room; i++) {
                RawWebSocket ws = new RawWebSocket(server.ws(), Map.of(), 4096);
                open.add(ws);
                ws.sendText(Attacker.hello(Tokens.grant("addr-" + i, null, "ro-*")));
                assertEquals(0x1, ws.readFrame().opcode(), "connection " + (i + 1) + " from the address is welcomed");
            }
            try (RawWebSocket refused = new RawWebSocket(server.ws(), Map.of(), 4096)) {
                assertEquals(CloseCode.TOO_MANY_CONNECTIONS.code(), refused.readUntilClose(), "one more from the same address");
            }
        } finally {
            for (RawWebSocket ws : open) ws.close();
        }
    }

    /** The live heap after a full collection, in bytes (the test and the server share the JVM: compare, do not read alone). */
    private static long liveHeap() {
        for (int i = 0; i < 2; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Connections that never finish a hello: silent, stuck in a frame header, or in a fragmented hello (§4.1: 4002). */
    private record Lingerer(RawWebSocket ws, String what) {
        static List<Lingerer> open(TestServer server, long seed) throws Exception {
            List<Lingerer> all = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                RawWebSocket ws = new RawWebSocket(server.ws(), Map.of(), 4096);
                switch (i % 3) {
                    case 0 -> all.add(new Lingerer(ws, "silent"));
                    case 1 -> {
                        byte[] frame = ws.frame(0x81, Attacker.hello("t").getBytes(StandardCharsets.UTF_8), true);
                        ws.sendRaw(java.util.Arrays.copyOf(frame, 3 + (int) (seed & 1))); // a header, never its payload
                        all.add(new Lingerer(ws, "stuck in a frame"));
                    }
                    default -> {
                        ws.sendFrame(0x01, "{\"type\":\"hello\",".getBytes(StandardCharsets.UTF_8));
                        all.add(new Lingerer(ws, "unfinished fragmented hello"));
                    }
                }
            }
            return all;
        }

        void check(List<String> mismatches) throws Exception {
            try (ws) {
                int code = ws.readUntilClose();
                if (code != CloseCode.TIMEOUT.code()) mismatches.add(what + ": closed " + code + ", want 4002");
            }
        }
    }

    /**
     * The catalogue, checked against the reference codec without a server: every decoding failure it expects
     * ({@code counted}) is what {@link ProtocolCodec} reports, so a disagreement between docs/protocol.md and the
     * codec shows up here by name rather than as a server mismatch.
     */
    @Test
    void theCatalogueAgreesWithTheReferenceCodec() {
        ProtocolCodec codec = new ProtocolCodec(MAX_MESSAGE);
        HostileMessages messages = new HostileMessages(new Random(1));
        HostileMessages.View view = new HostileMessages.View() {
            @Override
            public String clientId() {
                return "me_1";
            }

            @Override
            public Set<String> joined() {
                return Set.of("atk-0", "atk-1", "atk-2", "ro-0");
            }

            @Override
            public boolean mayJoin() {
                return true;
            }

            @Override
            public AttackedDocs docs() {
                return AttackedDocs.of(Map.of("atk-0", new AttackedDocs.State(3, "abc"), "atk-1", new AttackedDocs.State(3, "abc"),
                        "atk-2", new AttackedDocs.State(3, "abc"), "ro-0", new AttackedDocs.State(2, "ro"),
                        "atk-big", new AttackedDocs.State(5, "b".repeat(100))));
            }
        };
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            HostileCase c = messages.next(view);
            if (!c.counted()) continue;
            String text = ((HostileCase.Text) c.out().get(0)).text();
            HostileCase.Error e = (HostileCase.Error) c.expect();
            if (!(codec.decodeClient(text) instanceof Decoded.Failure<?> f) || f.code() != e.code()
                    || !java.util.Objects.equals(f.detail(), e.detail())
                    || !java.util.Objects.equals(f.doc() == null ? null : f.doc().value(), e.doc())
                    || !java.util.Objects.equals(f.seq(), e.seq())) {
                wrong.add(c.name() + " " + text + ": expected " + e + ", codec says " + codec.decodeClient(text));
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " disagreements, e.g.:\n" + String.join("\n", wrong.stream().distinct().limit(40).toList()));
    }
}
