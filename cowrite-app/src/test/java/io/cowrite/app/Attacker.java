package io.cowrite.app;

import io.cowrite.app.HostileCase.Bomb;
import io.cowrite.app.HostileCase.Close;
import io.cowrite.app.HostileCase.Ends;
import io.cowrite.app.HostileCase.Error;
import io.cowrite.app.HostileCase.Expect;
import io.cowrite.app.HostileCase.Frame;
import io.cowrite.app.HostileCase.Pong;
import io.cowrite.app.HostileCase.Raw;
import io.cowrite.app.HostileCase.Silent;
import io.cowrite.app.HostileCase.Snapshot;
import io.cowrite.app.HostileCase.Text;
import io.cowrite.core.protocol.Decoded;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.core.protocol.ServerMessage;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * One attacking client of {@link HostileTrafficIT}: a seeded stream of hostile cases, each sent and its
 * answer checked before the next, so every answer is matched to its case. Cases that leave the connection
 * open reuse it (a welcomed connection with the attacked documents joined); the server's count of invalid
 * messages is modelled, so the one beyond {@code max-invalid-messages} must close 4003. Presence and
 * cursor relays (other attackers share the documents) and pings are skipped. Mismatches are collected
 * (with the case and the seed), and the connection is dropped since its state is then unknown.
 */
final class Attacker implements Callable<Attacker> {
    static final Map<String, String> OFFER = Map.of("Sec-WebSocket-Extensions", "permessage-deflate");
    private static final ProtocolCodec CODEC = new ProtocolCodec();
    private static final int JOIN_BURST = 20; // joins-per-second 10, bursts of twice that: never refused below 20 per connection

    private final int index;
    private final Random random;
    private final URI uri;
    private final AttackedDocs docs;
    private final int frameTarget;
    private final int maxInvalid;
    private final String token;
    private final HostileMessages messages;
    private final HostileFrames frames;
    private final List<String> refused = Tokens.refused();
    private Session session;
    private long confirmations;

    final Map<String, Integer> outcomes = new TreeMap<>();
    final List<String> mismatches = new ArrayList<>();
    int framesSent;
    int cases;
    long bytesSent;
    long bombBytes;

    Attacker(int index, long seed, URI uri, AttackedDocs docs, int frameTarget, int maxInvalid, int maxMessageBytes) {
        this.index = index;
        this.random = new Random(seed * 1_000_003L + index);
        this.uri = uri;
        this.docs = docs;
        this.frameTarget = frameTarget;
        this.maxInvalid = maxInvalid;
        this.token = Tokens.attacker("mallory-" + index);
        this.messages = new HostileMessages(random);
        this.frames = new HostileFrames(random, maxMessageBytes, hello(token));
    }

    static String hello(String token) {
        return HostileMessages.obj("type", HostileMessages.q("hello"), "protocol", "1", "token", HostileMessages.q(token));
    }

    /** A welcomed connection with the attacked documents joined, as {@link HostileMessages.View} sees it. */
    private final class Session implements HostileMessages.View {
        final RawWebSocket ws;
        final String clientId;
        final Set<String> joined = new HashSet<>();
        /** Sends no frame-level attack, so it lives until its invalid messages exceed the budget (4003). */
        final boolean marathon = random.nextInt(5) < 2;
        int invalid;
        int joins;

        Session(boolean compress) throws IOException {
            ws = new RawWebSocket(uri, compress ? OFFER : Map.of(), 1 << 20);
            ws.setReadTimeout(20_000);
            sendText(this, hello(token));
            ServerMessage w = next(this);
            if (!(w instanceof ServerMessage.Welcome welcome)) throw new IllegalStateException("no welcome: " + w);
            clientId = welcome.clientId();
            List<String> core = new ArrayList<>(AttackedDocs.WRITABLE);
            core.add(AttackedDocs.READ_ONLY);
            for (String d : core) {
                sendText(this, HostileMessages.obj("type", "\"join\"", "doc", HostileMessages.q(d)));
                if (!(next(this) instanceof ServerMessage.Snapshot)) throw new IllegalStateException("no snapshot of " + d);
                joined.add(d);
                joins++;
            }
        }

        @Override
        public String clientId() {
            return clientId;
        }

        @Override
        public Set<String> joined() {
            return joined;
        }

        @Override
        public boolean mayJoin() {
            return joined.size() < HostileTrafficIT.MAX_DOCS && joins < JOIN_BURST;
        }

        @Override
        public AttackedDocs docs() {
            return docs;
        }
    }

    @Override
    public Attacker call() throws Exception {
        // Every kind of connection-ending attack once, whatever the seed draws afterwards.
        for (int kind = 0; kind < HostileFrames.BEFORE_HELLO_KINDS; kind++) fresh(frames.beforeHello(kind, refused, token));
        for (int kind = 0; kind < HostileFrames.AFTER_WELCOME_KINDS; kind++) {
            if (session == null) session = new Session(kind >= HostileFrames.AFTER_WELCOME_KINDS - 3 || kind % 2 == 1);
            run(session, frames.afterWelcome(kind, session.ws.compressed()));
        }
        int crowdAt = frameTarget / 2;
        boolean crowded = false;
        while (framesSent < frameTarget) {
            if (!crowded && framesSent >= crowdAt) {
                crowded = true;
                crowd();
            }
            int roll = random.nextInt(100);
            if (roll < 10) {
                fresh(frames.beforeHello(refused, token));
                continue;
            }
            if (session == null) session = new Session(random.nextInt(3) == 0);
            HostileCase c = roll < 22 && !session.marathon ? frames.afterWelcome(session.ws.compressed()) : messages.next(session);
            run(session, c);
        }
        if (session != null) session.ws.close();
        return this;
    }

    /** Runs {@code c} on a new connection that has not said hello. */
    private void fresh(HostileCase c) throws IOException {
        try (RawWebSocket fresh = new RawWebSocket(uri, random.nextBoolean() ? OFFER : Map.of(), 1 << 16)) {
            fresh.setReadTimeout(20_000);
            run(new Fresh(fresh), c);
        }
    }

    /** A connection that has not said hello: every case on it ends it. */
    private record Fresh(RawWebSocket ws) {
    }

    private void run(Object on, HostileCase c) throws IOException {
        RawWebSocket ws = on instanceof Session s ? s.ws : ((Fresh) on).ws();
        Expect expect = c.expect();
        if (c.counted() && on instanceof Session s && ++s.invalid > maxInvalid) {
            expect = new Close(io.cowrite.core.protocol.CloseCode.FLOOD.code()); // §7: beyond the invalid-message budget
        }
        cases++;
        for (HostileCase.Out out : c.out()) send(ws, out);
        String what = c.name() + " -> " + label(expect);
        try {
            if (c.joins() != null && !(expect instanceof Snapshot) && !(expect instanceof Close) && !(expect instanceof Ends)) {
                check(on, new Snapshot(c.joins()), ws);
            }
            check(on, expect, ws);
            outcomes.merge(label(expect), 1, Integer::sum);
            if (on instanceof Session s) apply(s, c, expect);
        } catch (Mismatch | IOException e) {
            mismatches.add("attacker " + index + " case " + cases + " [" + what + "] " + describe(c) + ": " + e.getMessage());
            ws.close();
            if (on instanceof Session) session = null;
        }
    }

    private void apply(Session s, HostileCase c, Expect expect) throws IOException {
        if (expect instanceof Close || expect instanceof Ends) {
            s.ws.close();
            session = null;
            return;
        }
        if (c.joins() != null) {
            s.joined.add(c.joins());
            s.joins++;
        }
        if (c.name().equals("join-future")) s.joins++; // admitted to the document, which refused the version
        if (c.leaves() != null) s.joined.remove(c.leaves());
    }

    private void check(Object on, Expect expect, RawWebSocket ws) throws IOException, Mismatch {
        if (expect instanceof Close close) {
            int code = closeCode(ws);
            if (code != close.code()) throw new Mismatch("closed " + code);
            return;
        }
        if (expect instanceof Ends) {
            closeCode(ws); // any code, or none
            return;
        }
        Session s = (Session) on;
        if (expect instanceof Silent) {
            String id = "confirm-" + (++confirmations);
            sendText(s, HostileMessages.confirmPing(confirmations));
            expect = new Pong(id);
        }
        ServerMessage m = next(s);
        boolean ok = switch (expect) {
            case Error e -> m instanceof ServerMessage.ErrorReply r && r.code() == e.code() && Objects.equals(r.detail(), e.detail())
                    && Objects.equals(r.doc() == null ? null : r.doc().value(), e.doc()) && Objects.equals(r.seq(), e.seq());
            case Pong p -> m instanceof ServerMessage.Pong r && Objects.equals(r.id(), p.id());
            case Snapshot sn -> m instanceof ServerMessage.Snapshot r && r.doc().value().equals(sn.doc());
            default -> false;
        };
        if (!ok) throw new Mismatch("got " + m);
    }

    /** The next protocol message but presence and relayed cursors; a close here is an IOException ("closed 4003"). */
    private ServerMessage next(Session s) throws IOException {
        while (true) {
            RawWebSocket.Frame f = s.ws.readFrame();
            if (f == null || f.opcode() == 0x8) throw new IOException("closed " + (f == null ? -1 : f.closeCode()));
            if (f.opcode() != 0x1) continue; // pings and pongs
            ServerMessage m = switch (CODEC.decodeServer(s.ws.text(f))) {
                case Decoded.Ok<ServerMessage> ok -> ok.message();
                case Decoded.Failure<ServerMessage> bad -> throw new IOException("undecodable server frame: " + bad.message());
            };
            if (m instanceof ServerMessage.Presence || m instanceof ServerMessage.PeerJoined
                    || m instanceof ServerMessage.PeerLeft || m instanceof ServerMessage.Cursor) continue;
            return m;
        }
    }

    /** Reads up to the close frame; a reply before it (other than presence or cursors) is a mismatch. */
    private int closeCode(RawWebSocket ws) throws IOException, Mismatch {
        while (true) {
            RawWebSocket.Frame f = ws.readFrame();
            if (f == null) return -1;
            if (f.opcode() == 0x8) return f.closeCode();
            if (f.opcode() != 0x1) continue;
            String text = ws.text(f);
            if (text.contains("\"type\":\"presence\"") || text.contains("\"type\":\"peer_joined\"")
                    || text.contains("\"type\":\"peer_left\"") || text.contains("\"type\":\"cursor\"")) continue;
            throw new Mismatch("a reply before the close: " + abbreviate(text));
        }
    }

    /** Sends one hostile input and counts its frames and bytes. */
    private void send(RawWebSocket ws, HostileCase.Out out) throws IOException {
        switch (out) {
            case Text t -> {
                framesSent += sendText(ws, t.text());
                bytesSent += t.text().length();
            }
            case Frame f -> {
                ws.sendFrame(f.b0(), f.payload());
                framesSent++;
                bytesSent += f.payload().length;
            }
            case Raw r -> {
                ws.sendRaw(r.bytes());
                framesSent++;
                bytesSent += r.bytes().length;
            }
            case Bomb b -> {
                byte[] compressed = PerMessageDeflate.bomb(b.inflated());
                framesSent += fragments(ws, compressed, b.fragments(), RawWebSocket.RSV1 | 0x1);
                bytesSent += compressed.length;
                bombBytes += b.inflated();
            }
        }
    }

    /** The connection's own hello, joins and confirming pings: not hostile, not counted. */
    private void sendText(Session s, String text) throws IOException {
        sendText(s.ws, text);
    }

    /**
     * Sends a text message plainly, compressed (if negotiated) or in fragments, at random: the answer must
     * not depend on it. Returns the frames sent.
     */
    private int sendText(RawWebSocket ws, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int how = random.nextInt(10);
        if (ws.compressed() && how < 4) {
            ws.sendCompressed(text);
            return 1;
        }
        if (how == 9 && utf8.length > 2) {
            return fragments(ws, utf8, 2 + random.nextInt(4), 0x1); // cuts may fall inside a UTF-8 sequence: legal
        }
        ws.sendFrame(0x81, utf8);
        return 1;
    }

    /**
     * Sends {@code payload} as one message in {@code parts} frames, the first with {@code first} (opcode and
     * RSV1 for a compressed message), then continuations; sometimes a ping between them (legal). Returns the frames.
     */
    private int fragments(RawWebSocket ws, byte[] payload, int parts, int first) throws IOException {
        int step = Math.max(1, payload.length / parts);
        int sent = 0;
        for (int off = 0; off < payload.length || sent == 0; off += step) {
            int end = payload.length - off <= step ? payload.length : off + step;
            ws.sendFrame((end == payload.length ? 0x80 : 0) | (off == 0 ? first : 0x0), Arrays.copyOfRange(payload, off, end));
            sent++;
            if (end == payload.length) break;
            if (random.nextInt(4) == 0) {
                ws.sendFrame(0x89, new byte[] {1});
                sent++;
            }
        }
        return sent;
    }

    /** Per-user connection limit (§8 4005): one user's connections beyond the limit are refused after the hello. */
    private void crowd() throws IOException {
        String crowdToken = Tokens.attacker("crowd-" + index);
        List<RawWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i <= HostileTrafficIT.MAX_PER_USER; i++) {
                RawWebSocket ws = new RawWebSocket(uri, Map.of(), 1 << 16);
                open.add(ws);
                ws.sendText(hello(crowdToken));
                RawWebSocket.Frame f = ws.readFrame();
                boolean last = i == HostileTrafficIT.MAX_PER_USER;
                if (last) framesSent++;
                int got = f == null ? -1 : f.opcode() == 0x8 ? f.closeCode() : 0;
                int want = last ? io.cowrite.core.protocol.CloseCode.TOO_MANY_CONNECTIONS.code() : 0;
                cases++;
                outcomes.merge(last ? "close:4005" : "welcome", 1, Integer::sum);
                if (got != want) mismatches.add("attacker " + index + " crowd connection " + i + ": got " + got + ", want " + want);
            }
        } finally {
            for (RawWebSocket ws : open) ws.close();
        }
    }

    static String label(Expect e) {
        return switch (e) {
            case Error er -> "error:" + er.code().code() + (er.detail() == null ? "" : "/" + er.detail());
            case Pong p -> "pong";
            case Snapshot s -> "snapshot";
            case Silent s -> "silent";
            case Close c -> "close:" + c.code();
            case Ends ends -> "ends";
        };
    }

    private static String describe(HostileCase c) {
        StringBuilder sb = new StringBuilder();
        for (HostileCase.Out o : c.out()) {
            sb.append(switch (o) {
                case Text t -> "text " + abbreviate(t.text());
                case Frame f -> String.format("frame b0=0x%02x %d bytes", f.b0(), f.payload().length);
                case Raw r -> "raw " + r.bytes().length + " bytes";
                case Bomb b -> "bomb of " + b.inflated() + " bytes in " + b.fragments() + " frames";
            }).append("; ");
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "...(" + s.length() + " chars)";
    }

    /** The answer was not the documented one. */
    private static final class Mismatch extends Exception {
        Mismatch(String message) {
            super(message, null, false, false);
        }
    }
}
