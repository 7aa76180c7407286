package io.cowrite.app.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The proxy's op-frame spotting, over masked client frames of every length encoding, cut into random chunks. */
class OpFrameSpotterTest {
    private static final String OP = "{\"type\":\"op\",\"doc\":\"d\",\"base\":0,\"clientId\":\"c\",\"seq\":1,\"op\":[\"x\"]}";

    @Test
    void countsOpFramesWhereverTheChunksEnd() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int ops = 0;
        for (int i = 0; i < 200; i++) {
            int kind = random.nextInt(5);
            String text = switch (kind) {
                case 0 -> OP;
                case 1 -> OP.replace("\"x\"", "\"" + "y".repeat(300) + "\""); // 16-bit length
                case 2 -> OP.replace("\"x\"", "\"" + "z".repeat(70_000) + "\""); // 64-bit length
                case 3 -> "{\"type\":\"ping\",\"id\":1}";
                default -> "{\"type\":\"cursor\",\"doc\":\"d\",\"version\":0,\"anchor\":0,\"head\":0}";
            };
            if (kind <= 2) ops++;
            stream.writeBytes(frame(1, text.getBytes(StandardCharsets.UTF_8), random));
            if (random.nextInt(10) == 0) stream.writeBytes(frame(9, new byte[0], random)); // an empty ping frame
            if (random.nextInt(10) == 0) stream.writeBytes(frame(2, OP.getBytes(StandardCharsets.UTF_8), random)); // binary: not an op
        }
        byte[] all = stream.toByteArray();
        OpFrameSpotter spotter = new OpFrameSpotter();
        int seen = 0;
        for (int at = 0; at < all.length; ) {
            int n = Math.min(all.length - at, 1 + random.nextInt(random.nextBoolean() ? 7 : 20_000));
            byte[] chunk = new byte[n];
            System.arraycopy(all, at, chunk, 0, n);
            seen += spotter.feed(chunk, n);
            at += n;
        }
        assertEquals(ops, seen, "op frames spotted (seed " + seed + ")");
    }

    /** A masked client frame (RFC 6455 §5.2). */
    private static byte[] frame(int opcode, byte[] payload, Random random) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x80 | opcode);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            f.write(0x80 | 126);
            f.write(payload.length >> 8);
            f.write(payload.length & 0xff);
        } else {
            f.write(0x80 | 127);
            for (int k = 7; k >= 0; k--) f.write((int) ((long) payload.length >> (8 * k)) & 0xff);
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        f.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) f.write(payload[i] ^ mask[i % 4]);
        return f.toByteArray();
    }
}
