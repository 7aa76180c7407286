package io.cowrite.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A WebSocket client written on a bare socket, for traffic the JDK client will not produce: it does
 * the opening handshake (with any extra headers, e.g. {@code Origin} or an offer of permessage-deflate),
 * sends masked frames with any first byte (reserved bits, opcodes, fragments), raw bytes, or compressed
 * messages, and reads only when asked, so a test can also play a client that stops reading altogether
 * (with the default small receive buffer, which fills and stays full).
 */
final class RawWebSocket implements AutoCloseable {
    static final int RSV1 = 0x40;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final Random random = new Random(7);
    /** The response headers of the upgrade, names in lower case. */
    final Map<String, String> headers;
    /** Set when the server accepted permessage-deflate: messages may be compressed both ways. */
    private final PerMessageDeflate deflate;

    RawWebSocket(URI uri) throws IOException {
        this(uri, Map.of(), 4096);
    }

    /**
     * Connects and upgrades, sending {@code extraHeaders} with the request; fails unless the server
     * answers 101. {@code receiveBuffer} is the socket's receive buffer in bytes.
     */
    RawWebSocket(URI uri, Map<String, String> extraHeaders, int receiveBuffer) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.setTcpNoDelay(true); // frames go out as written (fragments and pipelined messages are separate writes)
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
        out.write(upgradeRequest(uri.getPath(), uri, extraHeaders, random).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String response = readHeaders(in);
        if (!response.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("no upgrade: " + response);
        }
        headers = parseHeaders(response);
        String ext = headers.getOrDefault("sec-websocket-extensions", "");
        deflate = ext.contains("permessage-deflate") ? new PerMessageDeflate() : null;
    }

    /**
     * The status code the server answers an upgrade request for {@code path} with {@code extraHeaders}
     * (a {@code Host} among them replaces the default, the server's address).
     */
    static int upgradeStatus(URI server, String path, Map<String, String> extraHeaders) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(upgradeRequest(path, server, extraHeaders, new Random(11)).getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String response = readHeaders(s.getInputStream());
            return Integer.parseInt(response.substring(9, 12));
        }
    }

    private static String upgradeRequest(String path, URI uri, Map<String, String> extraHeaders, Random random) {
        byte[] key = new byte[16];
        random.nextBytes(key);
        boolean hostGiven = extraHeaders.keySet().stream().anyMatch("host"::equalsIgnoreCase);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n"
                + (hostGiven ? "" : "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n")
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n");
        extraHeaders.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        return request.append("\r\n").toString();
    }

    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed during handshake: " + sb);
            sb.append((char) b);
        }
        return sb.toString();
    }

    private static Map<String, String> parseHeaders(String response) {
        Map<String, String> h = new LinkedHashMap<>();
        for (String line : response.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) h.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return h;
    }

    /** True when permessage-deflate was negotiated. */
    boolean compressed() {
        return deflate != null;
    }

    /** Sends one masked, final text frame. */
    void sendText(String text) throws IOException {
        sendFrame(0x81, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one final text frame compressed with permessage-deflate (RSV1 set); needs {@link #compressed()}. */
    void sendCompressed(String text) throws IOException {
        sendFrame(0x80 | RSV1 | 0x1, deflate.compress(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Sends one masked frame with first byte {@code b0} (FIN, RSV1-3 and opcode as given), so a test can
     * set reserved bits or send continuation frames.
     */
    void sendFrame(int b0, byte[] payload) throws IOException {
        out.write(frame(b0, payload, true));
        out.flush();
    }

    /** The bytes of one frame; {@code masked} false makes the frame a client must never send. */
    byte[] frame(int b0, byte[] payload, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(b0);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) frame.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
        }
        if (!masked) {
            frame.writeBytes(payload);
            return frame.toByteArray();
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) frame.write(payload[i] ^ mask[i % 4]);
        return frame.toByteArray();
    }

    /** Writes bytes as they are (a frame header promising more than follows, an unmasked frame...). */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends {@code text} as a fragmented text message of {@code fragmentBytes}-byte frames, without reading. */
    void sendFragmented(byte[] text, int fragmentBytes) throws IOException {
        for (int off = 0; off < text.length; off += fragmentBytes) {
            int end = Math.min(text.length, off + fragmentBytes);
            boolean fin = end == text.length;
            int opcode = off == 0 ? 0x1 : 0x0;
            sendFrame((fin ? 0x80 : 0) | opcode, Arrays.copyOfRange(text, off, end));
        }
    }

    /** One frame from the server: its opcode, payload and RSV1 bit (compressed); null when the stream ended. */
    record Frame(int opcode, byte[] payload, boolean rsv1) {
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    Frame readFrame() throws IOException {
        int b0 = in.read();
        if (b0 < 0) return null;
        int b1 = in.read();
        if (b1 < 0) return null;
        long len = b1 & 0x7f;
        if (len == 126) len = (in.read() << 8) | in.read();
        else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) len = (len << 8) | in.read();
        }
        byte[] payload = in.readNBytes((int) len);
        if (payload.length < len) return null;
        return new Frame(b0 & 0x0f, payload, (b0 & RSV1) != 0);
    }

    /** The text of a text frame, inflated when it came compressed. */
    String text(Frame f) {
        return f.rsv1() ? deflate.inflate(f.payload()) : new String(f.payload(), StandardCharsets.UTF_8);
    }

    /** Drains what the server sent, up to the close frame; returns its close code, or -1 if the stream ended without one. */
    int readUntilClose() throws IOException {
        socket.setSoTimeout(30_000);
        while (true) {
            Frame f = readFrame();
            if (f == null) return -1;
            if (f.opcode() == 0x8) return f.closeCode();
        }
    }

    /** Answers the server's close frame (a well-behaved client completes the close handshake). */
    void sendClose(int code) throws IOException {
        sendFrame(0x88, new byte[] {(byte) (code >>> 8), (byte) code});
    }

    void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
