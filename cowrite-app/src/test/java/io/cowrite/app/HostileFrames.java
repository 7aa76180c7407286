package io.cowrite.app;

import static io.cowrite.app.HostileMessages.obj;
import static io.cowrite.app.HostileMessages.q;

import io.cowrite.app.HostileCase.Bomb;
import io.cowrite.app.HostileCase.Frame;
import io.cowrite.app.HostileCase.Raw;
import io.cowrite.app.HostileCase.Text;
import io.cowrite.core.protocol.CloseCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Hostile input that ends the connection, each with its documented close code (§1, §4, §7, §8, §9):
 * before the hello (4502, 4500, 4501, 4503), and on a welcomed connection at the level of WebSocket frames:
 * binary (4502), a second hello (4502), too big at once, in fragments or once inflated (4503), broken
 * framing or a corrupt compressed payload (1002), a frame longer than the transport takes (1009).
 */
final class HostileFrames {
    static final int PROTOCOL_ERROR = CloseCode.PROTOCOL_ERROR.code();
    static final int VIOLATION = CloseCode.PROTOCOL_VIOLATION.code();
    static final int TOO_BIG = CloseCode.MESSAGE_TOO_BIG.code();

    private final Random random;
    private final int maxMessageBytes;
    private final String validHello;

    /** @param validHello a hello the server welcomes (the attacker's own token) */
    HostileFrames(Random random, int maxMessageBytes, String validHello) {
        this.random = random;
        this.maxMessageBytes = maxMessageBytes;
        this.validHello = validHello;
    }

    private byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String ping() {
        return obj("type", q("ping"), "id", Integer.toString(random.nextInt(1000)));
    }

    /** A ping padded to {@code bytes} bytes of UTF-8. */
    private String padded(int bytes) {
        String head = "{\"type\":\"ping\",\"pad\":\"";
        return head + "p".repeat(Math.max(0, bytes - head.length() - 2)) + "\"}";
    }

    /** Kinds of {@link #afterWelcome}: the last three need permessage-deflate. */
    static final int AFTER_WELCOME_KINDS = 20;
    static final int BEFORE_HELLO_KINDS = 9;

    /** A frame-level attack on a welcomed connection; {@code compressed}: permessage-deflate was negotiated. */
    HostileCase afterWelcome(boolean compressed) {
        return afterWelcome(random.nextInt(compressed ? AFTER_WELCOME_KINDS : AFTER_WELCOME_KINDS - 3), compressed);
    }

    /** Attack {@code kind} (0 to {@link #AFTER_WELCOME_KINDS} - 1; 17 and up need {@code compressed}). */
    HostileCase afterWelcome(int kind, boolean compressed) {
        return switch (kind) {
            case 0 -> HostileCase.close("binary", VIOLATION, new Frame(0x80 | 0x2, randomBytes(1 + random.nextInt(200))));
            case 1 -> HostileCase.close("binary-fragment", VIOLATION, new Frame(0x2, randomBytes(1 + random.nextInt(50))));
            case 2 -> HostileCase.close("hello-again", VIOLATION, new Text(validHello));
            case 3 -> HostileCase.close("oversize", TOO_BIG, new Frame(0x81, utf8(padded(maxMessageBytes + 1 + random.nextInt(4 * maxMessageBytes)))));
            case 4 -> fragmentFlood();
            case 5 -> HostileCase.close("rsv2", PROTOCOL_ERROR, new Frame(0x80 | 0x20 | 0x1, utf8(ping())));
            case 6 -> HostileCase.close("rsv3", PROTOCOL_ERROR, new Frame(0x80 | 0x10 | 0x1, utf8(ping())));
            case 7 -> HostileCase.close(compressed ? "rsv1-rsv2" : "rsv1-not-negotiated", PROTOCOL_ERROR,
                    new Frame(0x80 | 0x40 | (compressed ? 0x20 : 0) | 0x1, utf8(ping())));
            case 8 -> HostileCase.close("reserved-opcode", PROTOCOL_ERROR, new Frame(0x80 | reservedOpcode(), utf8(ping())));
            case 9 -> HostileCase.close("unmasked", PROTOCOL_ERROR, new Raw(unmasked(utf8(ping()))));
            case 10 -> HostileCase.close("control-too-long", PROTOCOL_ERROR, new Frame(0x89, randomBytes(126 + random.nextInt(200))));
            case 11 -> HostileCase.close("control-fragmented", PROTOCOL_ERROR, new Frame(0x09, randomBytes(random.nextInt(20))));
            case 12 -> HostileCase.close("continuation-first", PROTOCOL_ERROR, new Frame(0x80, utf8(ping())));
            case 13 -> HostileCase.close("text-inside-fragments", PROTOCOL_ERROR, new Frame(0x01, utf8("{\"type\":")),
                    new Frame(0x81, utf8(ping())));
            case 14 -> lyingLength();
            case 15 -> HostileCase.close("invalid-utf8", VIOLATION, new Frame(0x81, invalidUtf8()));
            case 16 -> closeFrame();
            case 17 -> HostileCase.close("bomb", TOO_BIG, new Bomb(maxMessageBytes + 1L + random.nextInt(64 << 20), 1));
            case 18 -> HostileCase.close("bomb-fragments", TOO_BIG, new Bomb(2L * maxMessageBytes + random.nextInt(1 << 20),
                    2 + random.nextInt(7)));
            default -> HostileCase.close("deflate-corrupt", PROTOCOL_ERROR,
                    new Frame(0x80 | RawWebSocket.RSV1 | 0x1, PerMessageDeflate.corrupt()[random.nextInt(2)]));
        };
    }

    /** Small fragments whose sum passes the limit: refused as the sum grows (§9), not when it ends. */
    private HostileCase fragmentFlood() {
        int size = 256 << random.nextInt(6); // 256 B to 8 KiB
        int total = maxMessageBytes + 1 + random.nextInt(maxMessageBytes);
        List<HostileCase.Out> out = new ArrayList<>();
        byte[] text = utf8(padded(total));
        for (int off = 0; off < text.length; off += size) {
            int end = Math.min(text.length, off + size);
            int b0 = (end == text.length ? 0x80 : 0) | (off == 0 ? 0x1 : 0x0);
            out.add(new Frame(b0, java.util.Arrays.copyOfRange(text, off, end)));
        }
        return new HostileCase("fragment-flood", out, new HostileCase.Close(TOO_BIG), false, null, null);
    }

    /** A header promising more than the transport accepts (1009) or a negative 64-bit length (1002); no payload follows. */
    private HostileCase lyingLength() {
        boolean negative = random.nextInt(3) == 0;
        long len = negative ? Long.MIN_VALUE + random.nextInt(1000) : (16L << 20) + 1 + random.nextInt(1 << 30);
        byte[] header = new byte[14];
        header[0] = (byte) 0x81;
        header[1] = (byte) (0x80 | 127);
        for (int i = 0; i < 8; i++) header[2 + i] = (byte) (len >>> (8 * (7 - i))); // then a zero mask key
        return HostileCase.close(negative ? "length-negative" : "length-over-16MiB",
                negative ? PROTOCOL_ERROR : CloseCode.TRANSPORT_MESSAGE_TOO_BIG.code(), new Raw(header));
    }

    private int reservedOpcode() {
        int[] reserved = {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF};
        return reserved[random.nextInt(reserved.length)];
    }

    private byte[] unmasked(byte[] payload) {
        byte[] frame = new byte[2 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        return frame;
    }

    private byte[] invalidUtf8() {
        byte[][] bad = {{(byte) 0xff}, {(byte) 0xc3, 0x28}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xc0, (byte) 0xaf}};
        byte[] prefix = utf8("{\"type\":\"ping\",\"id\":\"");
        byte[] b = bad[random.nextInt(bad.length)];
        byte[] out = java.util.Arrays.copyOf(prefix, prefix.length + b.length + 2);
        System.arraycopy(b, 0, out, prefix.length, b.length);
        out[out.length - 2] = '"';
        out[out.length - 1] = '}';
        return out;
    }

    /**
     * A close frame of one byte (1002: RFC 6455 §5.5.1 wants 0 or at least 2), or with a status no endpoint
     * may send (§7.4): the server drops the connection (Micronaut answers no close frame, see the report).
     */
    private HostileCase closeFrame() {
        if (random.nextInt(4) == 0) return HostileCase.close("close-one-byte", PROTOCOL_ERROR, new Frame(0x88, new byte[] {3}));
        int[] codes = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535};
        int c = codes[random.nextInt(codes.length)];
        return new HostileCase("close-invalid-code", List.of(new Frame(0x88, new byte[] {(byte) (c >>> 8), (byte) c})),
                new HostileCase.Ends(), false, null, null);
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** An attack on a fresh connection before any hello (§4.2-4.4): nothing but a good hello is welcome. */
    HostileCase beforeHello(List<String> refusedTokens, String goodToken) {
        return beforeHello(random.nextInt(BEFORE_HELLO_KINDS), refusedTokens, goodToken);
    }

    HostileCase beforeHello(int kind, List<String> refusedTokens, String goodToken) {
        return switch (kind) {
            case 0 -> HostileCase.close("first-not-hello", VIOLATION, new Text(firstNotHello()));
            case 1, 2 -> HostileCase.close("hello-invalid", VIOLATION, new Text(invalidHello(goodToken)));
            case 3 -> HostileCase.close("hello-protocol", CloseCode.UNSUPPORTED_PROTOCOL.code(), new Text(obj("type", q("hello"),
                    "protocol", List.of("2", "99", "2147483647", "2.0").get(random.nextInt(4)), "token", q(goodToken))));
            case 4, 5 -> {
                int i = random.nextInt(refusedTokens.size() + 1);
                boolean none = i == refusedTokens.size();
                String token = none ? null : refusedTokens.get(i);
                yield HostileCase.close(none ? "hello-no-token" : "hello-token-refused", CloseCode.UNAUTHORIZED.code(),
                        new Text(obj("type", q("hello"), "protocol", "1", "token", none ? null : q(token))));
            }
            case 6 -> HostileCase.close("first-binary", VIOLATION, new Frame(0x82, randomBytes(1 + random.nextInt(100))));
            case 7 -> HostileCase.close("first-oversize", TOO_BIG, new Frame(0x81, utf8(padded(maxMessageBytes + 1 + random.nextInt(maxMessageBytes)))));
            default -> HostileCase.close("first-rsv2", PROTOCOL_ERROR, new Frame(0x80 | 0x20 | 0x1, utf8(validHello)));
        };
    }

    private String firstNotHello() {
        return switch (random.nextInt(7)) {
            case 0 -> obj("type", q("join"), "doc", q("atk-0"));
            case 1 -> obj("type", q("op"), "doc", q("atk-0"), "base", "0", "clientId", q("c"), "seq", "1", "op", "[\"x\"]");
            case 2 -> ping();
            case 3 -> obj("type", q("leave"), "doc", q("atk-0"));
            case 4 -> obj("type", q("cursor"), "doc", q("atk-0"), "version", "0", "anchor", "0", "head", "0");
            case 5 -> HostileMessages.NOT_JSON.get(random.nextInt(HostileMessages.NOT_JSON.size()));
            default -> HostileMessages.BAD_TYPE.get(random.nextInt(HostileMessages.BAD_TYPE.size()));
        };
    }

    /** A hello that does not decode (§4.2): 4502, however good its token. */
    private String invalidHello(String token) {
        String t = q(token);
        return switch (random.nextInt(14)) {
            case 0 -> obj("type", q("hello"), "token", t);
            case 1 -> obj("type", q("hello"), "protocol", "\"1\"", "token", t);
            case 2 -> obj("type", q("hello"), "protocol", List.of("0", "-1", "1.5", "2147483648", "true").get(random.nextInt(5)), "token", t);
            case 3 -> obj("type", q("hello"), "protocol", "1", "clientId", q("k3J9x_2mQ"), "token", t);
            case 4 -> obj("type", q("hello"), "protocol", "1", "resume", q("Zx8pQ0v0b1yH1mE4uJ2c9Wq3sKfD6tR7"), "token", t);
            case 5 -> obj("type", q("hello"), "protocol", "1", "clientId", q("a.b"), "resume", q("r"), "token", t);
            case 6 -> obj("type", q("hello"), "protocol", "1", "name", q("n".repeat(65)), "token", t);
            case 7 -> obj("type", q("hello"), "protocol", "1", "name", q("a\\u0000b"), "token", t);
            case 8 -> obj("type", q("hello"), "protocol", "1", "name", q("\\ud800"), "token", t);
            case 9 -> obj("type", q("hello"), "protocol", "1", "token", "5");
            case 10 -> obj("type", q("hello"), "protocol", "1", "token", q("t".repeat(4097)));
            case 11 -> "{\"type\":\"hello\",\"protocol\":1,\"protocol\":1,\"token\":" + t + "}";
            case 12 -> obj("type", q("hello"), "protocol", "1", "token", t) + " {}";
            default -> obj("type", q("Hello"), "protocol", "1", "token", t);
        };
    }
}
