package io.cowrite.app;

import io.cowrite.core.protocol.Decoded;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.core.protocol.ServerMessage;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client that submits valid ops to one document as fast as its socket takes them, never waiting for an
 * ack (breaking the one-op-in-flight rule, as an attacker would) and never backing off, while a reader
 * thread counts what comes back. When the server closes the connection it reconnects at once (a hostile
 * client ignores the backoff §8 asks for) until stopped.
 */
final class Flooder implements AutoCloseable {
    private static final ProtocolCodec CODEC = new ProtocolCodec();

    private final URI uri;
    private final String doc;
    private final Thread loop;
    private volatile boolean stopped;
    private volatile RawWebSocket current;

    final AtomicLong sent = new AtomicLong();
    /** Acks, once per seq (pipelined ops can be acked twice: once by delivery, once by the owner's late answer). */
    final AtomicLong accepted = new AtomicLong();
    private final java.util.Set<Long> acked = ConcurrentHashMap.newKeySet();
    final AtomicLong duplicateAcks = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final Map<String, AtomicLong> otherReplies = new ConcurrentHashMap<>();
    final List<Integer> closes = new CopyOnWriteArrayList<>();
    final AtomicLong connections = new AtomicLong();

    Flooder(URI uri, String doc) {
        this.uri = uri;
        this.doc = doc;
        this.loop = Thread.ofPlatform().name("flooder").daemon().unstarted(this::run);
    }

    Flooder start() {
        loop.start();
        return this;
    }

    private void run() {
        while (!stopped) {
            try (RawWebSocket ws = new RawWebSocket(uri, Map.of(), 1 << 20)) {
                current = ws;
                connections.incrementAndGet();
                flood(ws);
            } catch (IOException e) {
                if (!stopped) otherReplies.computeIfAbsent("io: " + e.getMessage(), k -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    private void flood(RawWebSocket ws) throws IOException {
        ws.setReadTimeout(30_000);
        ws.sendText("{\"type\":\"hello\",\"protocol\":1,\"name\":\"flooder\"}");
        String clientId = ((ServerMessage.Welcome) read(ws)).clientId();
        ws.sendText("{\"type\":\"join\",\"doc\":\"" + doc + "\"}");
        AtomicLong base = new AtomicLong(((ServerMessage.Snapshot) read(ws)).version());
        Thread reader = Thread.ofPlatform().name("flooder-reader").daemon().start(() -> readReplies(ws, base));
        long seq = System.nanoTime() / 1000; // seqs only grow, across reconnects too
        try {
            while (!stopped && reader.isAlive()) {
                ws.sendText("{\"type\":\"op\",\"doc\":\"" + doc + "\",\"base\":" + base.get() + ",\"clientId\":\"" + clientId
                        + "\",\"seq\":" + (++seq) + ",\"op\":[\"x\"]}");
                sent.incrementAndGet();
            }
        } catch (IOException closedUnderUs) {
            // the server closed and dropped the connection while we were writing
        }
        try {
            reader.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readReplies(RawWebSocket ws, AtomicLong base) {
        try {
            while (true) {
                RawWebSocket.Frame f = ws.readFrame();
                if (f == null) {
                    closes.add(-1);
                    return;
                }
                if (f.opcode() == 0x8) {
                    closes.add(f.closeCode());
                    return;
                }
                if (f.opcode() != 0x1) continue;
                ServerMessage m = ((Decoded.Ok<ServerMessage>) CODEC.decodeServer(ws.text(f))).message();
                switch (m) {
                    case ServerMessage.Ack a -> {
                        if (acked.add(a.seq())) accepted.incrementAndGet();
                        else duplicateAcks.incrementAndGet();
                        base.accumulateAndGet(a.version() + 1, Math::max);
                    }
                    case ServerMessage.ErrorReply e when e.code() == ErrorCode.RATE_LIMITED -> rejected.incrementAndGet();
                    case ServerMessage.ErrorReply e -> otherReplies.computeIfAbsent(e.code().code(), k -> new AtomicLong()).incrementAndGet();
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            if (!stopped) closes.add(-2);
        }
    }

    private static ServerMessage read(RawWebSocket ws) throws IOException {
        while (true) {
            RawWebSocket.Frame f = ws.readFrame();
            if (f == null || f.opcode() == 0x8) throw new IOException("closed during setup: " + (f == null ? "EOF" : f.closeCode()));
            if (f.opcode() != 0x1) continue;
            ServerMessage m = ((Decoded.Ok<ServerMessage>) CODEC.decodeServer(ws.text(f))).message();
            if (!(m instanceof ServerMessage.Presence || m instanceof ServerMessage.PeerJoined || m instanceof ServerMessage.PeerLeft)) return m;
        }
    }

    @Override
    public void close() throws Exception {
        stopped = true;
        RawWebSocket ws = current;
        if (ws != null) ws.close();
        loop.join(30_000);
    }
}
