package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.Decoded;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.core.protocol.ServerMessage;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate (RFC 7692), framed by hand: with {@code cowrite.editor.websocket-compression=true} a
 * client that offers it edits normally over compressed frames, and a small frame that inflates past
 * {@code max-message-bytes} closes 4503 after at most that much was inflated; with compression off (the
 * default) the extension is not negotiated and a compressed (RSV1) frame closes 1002. Together they show
 * that {@code WebSocketCompression} finds Micronaut's handler: removed when off, replaced by a bounded one when on.
 */
class CompressionIT {
    static final int MAX_MESSAGE = 64 * 1024;
    static final Map<String, String> OFFER = Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits");
    static final ProtocolCodec CODEC = new ProtocolCodec();
    static TestDatabase db;
    static TestServer on;
    static TestServer off;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        on = TestServer.start(db, "local", Map.of("cowrite.editor.websocket-compression", true,
                "cowrite.editor.max-message-bytes", MAX_MESSAGE));
        off = TestServer.start(db, "local", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        on.close();
        off.close();
        db.close();
    }

    /** A deflating client, welcomed (hello and welcome both compressed). */
    private record Deflating(RawWebSocket ws, ServerMessage.Welcome welcome) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            ws.close();
        }
    }

    private static Deflating deflating(String name) throws Exception {
        RawWebSocket ws = new RawWebSocket(on.ws(), OFFER, 1 << 20);
        assertTrue(ws.compressed(), "permessage-deflate negotiated: " + ws.headers);
        ws.sendCompressed("{\"type\":\"hello\",\"protocol\":1,\"name\":\"" + name + "\"}");
        return new Deflating(ws, (ServerMessage.Welcome) next(ws));
    }

    /** The next protocol message (skipping pings), inflated; fails on a close. */
    private static ServerMessage next(RawWebSocket ws) throws Exception {
        while (true) {
            RawWebSocket.Frame f = ws.readFrame();
            assertTrue(f != null && f.opcode() != 0x8, "connection closed: " + (f == null ? "EOF" : f.closeCode()));
            if (f.opcode() != 0x1) continue;
            assertTrue(f.rsv1(), "the server compresses what it sends on a deflate connection");
            Decoded<ServerMessage> d = CODEC.decodeServer(ws.text(f));
            if (d instanceof Decoded.Ok<ServerMessage> ok) return ok.message();
            throw new AssertionError("undecodable server frame: " + d);
        }
    }

    /** Feeds {@code doc} what the server sends until {@code done} holds. */
    private static void pump(RawWebSocket ws, DocumentClient doc, java.util.function.BooleanSupplier done) throws Exception {
        while (!done.getAsBoolean()) {
            ServerMessage m = next(ws);
            if (m instanceof ServerMessage.ErrorReply e) throw new AssertionError("error reply: " + e);
            doc.receive(m);
        }
    }

    @Test
    void aDeflatingClientEditsNormallyBesideAPlainOne() throws Exception {
        try (Deflating d = deflating("squeezed");
             TestClient plain = new TestClient(on.ws(), "plain").connect()) {
            RawWebSocket ws = d.ws();
            DocumentClient mine = new DocumentClient(DocId.of("deflated"), d.welcome().clientId(), m -> {
                try {
                    ws.sendCompressed(CODEC.encode(m));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            mine.join();
            pump(ws, mine, () -> mine.version() >= 0);
            DocumentClient theirs = plain.join("deflated");
            for (int round = 0; round < 20; round++) {
                mine.edit(TextOp.of(new Component.Insert("d" + round + " ")));
                pump(ws, mine, mine::isSynchronized);
                Awaits.until(() -> theirs.version() == mine.version(), Duration.ofSeconds(10), "the plain client sees it");
                int at = theirs.text().codePointCount(0, theirs.text().length());
                theirs.edit(TextOp.of(new Component.Skip(at), new Component.Insert("p" + round)));
                Awaits.until(theirs::isSynchronized, Duration.ofSeconds(10), "the plain client's edit acked");
                pump(ws, mine, () -> mine.version() == theirs.version());
            }
            // A compressed message in fragments: RSV1 on the first frame only (RFC 7692 §6.1).
            byte[] ping = new PerMessageDeflate().compress(("{\"type\":\"ping\",\"id\":\"frag\",\"pad\":\""
                    + "z".repeat(30_000) + "\"}").getBytes(StandardCharsets.UTF_8));
            // From a fresh deflater, so on a fresh connection (the server's inflater keeps each connection's window).
            try (Deflating f = deflating("fragmented")) {
                int half = ping.length / 2;
                f.ws().sendFrame(RawWebSocket.RSV1 | 0x1, Arrays.copyOfRange(ping, 0, half));
                f.ws().sendFrame(0x80, Arrays.copyOfRange(ping, half, ping.length));
                assertEquals("frag", ((ServerMessage.Pong) next(f.ws())).id());
            }
            StoredDocument stored = StoredDocument.read(db, "deflated");
            assertEquals(40, stored.version());
            assertEquals(stored.text(), mine.text());
            assertEquals(stored.text(), theirs.text());
            plain.assertHealthy();
        }
    }

    @Test
    void aSmallFrameInflatingPastTheLimitCloses4503WithoutInflatingIt() throws Exception {
        long inflated = 1L << 30; // 1 GiB of 'a', about 1 MiB on the wire
        byte[] bomb = PerMessageDeflate.bomb(inflated);
        try (Deflating d = deflating("bomber")) {
            RawWebSocket ws = d.ws();
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getTotalThreadAllocatedBytes();
            ws.sendFrame(0x80 | RawWebSocket.RSV1 | 0x1, bomb);
            assertEquals(CloseCode.MESSAGE_TOO_BIG.code(), ws.readUntilClose());
            long allocated = threads.getTotalThreadAllocatedBytes() - before;
            System.out.printf("bomb: %d bytes on the wire inflating to %d; the JVM allocated %d MiB meanwhile%n",
                    bomb.length, inflated, allocated >> 20);
            assertTrue(allocated < 128L << 20, "at most about max-message-bytes inflated, not the bomb's size: "
                    + (allocated >> 20) + " MiB allocated");
        }
        try (TestClient after = new TestClient(on.ws(), "after-bomb").connect()) {
            DocumentClient d = after.join("after-bomb");
            d.edit(TextOp.of(new Component.Insert("fine")));
            Awaits.until(d::isSynchronized, Duration.ofSeconds(10), "the node still edits");
        }
    }

    @Test
    void aFragmentedCompressedMessageIsBoundedAsAWhole() throws Exception {
        Random random = new Random(5);
        StringBuilder pad = new StringBuilder();
        while (pad.length() < 200_000) pad.append((char) ('a' + random.nextInt(26))); // compresses about 1:1.6
        byte[] compressed;
        try (Deflating d = deflating("fragments")) {
            RawWebSocket ws = d.ws();
            PerMessageDeflate own = new PerMessageDeflate();
            compressed = own.compress(("{\"type\":\"ping\",\"pad\":\"" + pad + "\"}").getBytes(StandardCharsets.UTF_8));
            // The first frame carries RSV1 (the message is compressed), continuations do not (RFC 7692 §6.1).
            int step = 16 * 1024; // each inflates to about 26 KB, under the limit; the message is 200 KB
            for (int off = 0; off < compressed.length; off += step) {
                int end = Math.min(compressed.length, off + step);
                int b0 = (end == compressed.length ? 0x80 : 0) | (off == 0 ? RawWebSocket.RSV1 | 0x1 : 0x0);
                ws.sendFrame(b0, Arrays.copyOfRange(compressed, off, end));
            }
            assertEquals(CloseCode.MESSAGE_TOO_BIG.code(), ws.readUntilClose());
        }
    }

    @Test
    void aCorruptDeflateStreamCloses1002() throws Exception {
        for (byte[] corrupt : PerMessageDeflate.corrupt()) {
            try (Deflating d = deflating("corrupt")) {
                RawWebSocket ws = d.ws();
                ws.sendFrame(0x80 | RawWebSocket.RSV1 | 0x1, corrupt);
                assertEquals(CloseCode.PROTOCOL_ERROR.code(), ws.readUntilClose());
            }
        }
    }

    @Test
    void withCompressionOffTheExtensionIsNotNegotiatedAndRsv1Closes1002() throws Exception {
        try (RawWebSocket ws = new RawWebSocket(off.ws(), OFFER, 1 << 16)) {
            assertFalse(ws.compressed(), "permessage-deflate must not be negotiated: " + ws.headers);
            assertFalse(ws.headers.containsKey("sec-websocket-extensions"), String.valueOf(ws.headers));
            ws.sendText("{\"type\":\"hello\",\"protocol\":1}");
            assertEquals(0x1, ws.readFrame().opcode());
            ws.sendFrame(0x80 | RawWebSocket.RSV1 | 0x1, new PerMessageDeflate().compress("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8)));
            assertEquals(CloseCode.PROTOCOL_ERROR.code(), ws.readUntilClose());
        }
    }
}
