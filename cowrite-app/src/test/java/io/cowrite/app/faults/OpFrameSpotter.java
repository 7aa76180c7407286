package io.cowrite.app.faults;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the client-to-server half of a WebSocket connection as it passes through a {@link TcpProxy} and
 * counts the protocol {@code op} messages that have gone by: skips the HTTP upgrade request, then parses
 * RFC 6455 frames (client frames are masked), unmasking only the first bytes of each payload. Cowrite's
 * encoders write {@code type} first, so an op frame starts with {@code {"type":"op"}. Not thread-safe:
 * one per direction of one link, fed by its pump.
 */
final class OpFrameSpotter {
    private static final byte[] OP_PREFIX = "{\"type\":\"op\"".getBytes(StandardCharsets.US_ASCII);

    private boolean inHandshake = true;
    private int crlf; // how much of "\r\n\r\n" was seen last
    private final byte[] header = new byte[14];
    private int headerHave;
    private int headerNeed = 2;
    private long payloadLeft;
    private long payloadAt;
    private final byte[] mask = new byte[4];
    private final byte[] prefix = new byte[OP_PREFIX.length];
    private int opcode;
    private boolean inPayload;

    /** Feeds the next {@code n} bytes of the stream; the number of op frames that ended in them. */
    int feed(byte[] buf, int n) {
        int ops = 0;
        for (int i = 0; i < n; i++) {
            byte b = buf[i];
            if (inHandshake) {
                crlf = (b == (crlf % 2 == 0 ? '\r' : '\n')) ? crlf + 1 : (b == '\r' ? 1 : 0);
                if (crlf == 4) inHandshake = false;
            } else if (inPayload) {
                if (payloadAt < prefix.length) prefix[(int) payloadAt] = (byte) (b ^ mask[(int) (payloadAt % 4)]);
                payloadAt++;
                if (--payloadLeft == 0 && frameEnded()) ops++;
            } else {
                header[headerHave++] = b;
                if (headerHave == 2) headerNeed = headerLength();
                if (headerHave == headerNeed && headerComplete() && frameEnded()) ops++;
            }
        }
        return ops;
    }

    private int headerLength() {
        int len7 = header[1] & 0x7f;
        boolean masked = (header[1] & 0x80) != 0;
        return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0);
    }

    /** The header is in: starts the payload; true when the frame is empty (it ended with its header). */
    private boolean headerComplete() {
        opcode = header[0] & 0x0f;
        int len7 = header[1] & 0x7f;
        int at = 2;
        long length = len7;
        if (len7 == 126) {
            length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
            at = 4;
        } else if (len7 == 127) {
            length = 0;
            for (int k = 2; k < 10; k++) length = (length << 8) | (header[k] & 0xff);
            at = 10;
        }
        if ((header[1] & 0x80) != 0) System.arraycopy(header, at, mask, 0, 4);
        else Arrays.fill(mask, (byte) 0);
        Arrays.fill(prefix, (byte) 0);
        payloadAt = 0;
        payloadLeft = length;
        headerHave = 0;
        headerNeed = 2;
        inPayload = length > 0;
        return length == 0;
    }

    /** A frame ended: whether it was a text frame holding an op. */
    private boolean frameEnded() {
        inPayload = false;
        return opcode == 1 && payloadAt >= prefix.length && Arrays.equals(prefix, OP_PREFIX);
    }
}
