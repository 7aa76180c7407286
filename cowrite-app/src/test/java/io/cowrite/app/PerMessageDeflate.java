package io.cowrite.app;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The client side of permessage-deflate (RFC 7692), written out so that tests control every byte: a
 * message is raw DEFLATE (no zlib header: {@code nowrap}) ending in a sync flush, whose empty stored block
 * {@code 00 00 ff ff} is stripped (§7.2.1); the receiver appends it again before inflating (§7.2.2). Both
 * directions keep their sliding window across messages (context takeover, the default when no
 * {@code *_no_context_takeover} parameter was negotiated). Not thread-safe: one per connection.
 */
final class PerMessageDeflate {
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);

    /** One message's compressed payload (send it with RSV1 set). */
    byte[] compress(byte[] message) {
        // An empty message: a sync flush without new input writes nothing, so send the empty stored block's
        // first octet, whose remaining 00 00 ff ff the receiver appends (RFC 7692 §7.2.3.6).
        if (message.length == 0) return new byte[] {0};
        return stripTail(flush(deflater, message));
    }

    /** One message received with RSV1 set, inflated with the window of the messages before it. */
    String inflate(byte[] payload) {
        byte[] input = Arrays.copyOf(payload, payload.length + TAIL.length);
        System.arraycopy(TAIL, 0, input, payload.length, TAIL.length);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length * 4 + 64);
        byte[] buf = new byte[16 * 1024];
        try {
            while (true) {
                int n = inflater.inflate(buf);
                out.write(buf, 0, n);
                if (n == 0 && (inflater.needsInput() || inflater.finished())) break;
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException("the server sent an invalid deflate stream", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * A compressed message of {@code inflatedBytes} bytes of {@code 'a'} (a decompression bomb: about a
     * thousandth of that on the wire), built without compressing it all: after the first mebibyte the
     * window holds only {@code 'a'}, so every further mebibyte compresses to the same bytes, which are
     * repeated. Rounded up to whole mebibytes beyond the first.
     */
    static byte[] bomb(long inflatedBytes) {
        int mib = 1 << 20;
        byte[] chunk = new byte[(int) Math.min(mib, inflatedBytes)];
        Arrays.fill(chunk, (byte) 'a');
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            byte[] first = flush(d, chunk);
            if (inflatedBytes <= mib) return stripTail(first);
            byte[] next = flush(d, chunk);
            long more = (inflatedBytes - 1) / mib; // chunks after the first
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) (first.length + more * next.length));
            out.writeBytes(first);
            for (long i = 0; i < more; i++) out.writeBytes(next);
            return stripTail(out.toByteArray());
        } finally {
            d.end();
        }
    }

    /**
     * Payloads that no inflater accepts, whatever its window: a block of the reserved type 11, and a
     * stored block whose length and its complement disagree (each starts a new block, as every message does).
     */
    static byte[][] corrupt() {
        return new byte[][] {{0x07, 0x12, 0x34}, {0x00, 0x05, 0x00, 0x34, 0x12, 'x'}};
    }

    private static byte[] flush(Deflater d, byte[] data) {
        d.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 8 + 64);
        byte[] buf = new byte[64 * 1024];
        while (true) {
            int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
            if (n < buf.length && d.needsInput()) break;
        }
        return out.toByteArray();
    }

    private static byte[] stripTail(byte[] flushed) {
        int n = flushed.length;
        if (n < 4 || flushed[n - 4] != 0 || flushed[n - 3] != 0 || flushed[n - 2] != (byte) 0xff || flushed[n - 1] != (byte) 0xff) {
            throw new IllegalStateException("a sync flush ends with 00 00 ff ff");
        }
        return Arrays.copyOf(flushed, n - 4);
    }
}
