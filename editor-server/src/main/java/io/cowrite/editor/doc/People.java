package io.cowrite.editor.doc;

import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.Peer;
import io.cowrite.core.protocol.ServerMessage;
import io.cowrite.editor.presence.Colors;
import io.cowrite.editor.presence.Presence;
import io.cowrite.presence.api.PresenceEvent;
import io.cowrite.presence.api.PresenceSession;
import io.cowrite.presence.api.Roster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The people of one document as this node shows them (docs/presence.md): its own sessions in the document
 * and the other nodes' sessions it heard of through the {@link Presence} port, their colors, and their
 * cursors. A joiner gets the whole list once; everyone else gets one small {@code peer_joined} or
 * {@code peer_left}, encoded once for all. A local session's cursor updates are coalesced (the latest wins,
 * at most {@code cursor-rate} per second) and moved to the current version before they are relayed; a
 * remote cursor ahead of this node's version waits until the node has applied that version.
 *
 * <p>Confined to the document's executor, like {@link Document}.
 */
final class People {
    private static final Logger LOG = LoggerFactory.getLogger(People.class);

    /** A selection at a version. */
    record Cursor(long version, int anchor, int head) {
    }

    /** A local session's cursor waiting for its turn (coalescing). */
    private static final class Pending {
        Cursor latest;
        boolean scheduled;
        long lastSentNanos;
    }

    private final String doc;
    private final DocId docId;
    private final Document document;
    private final DocumentContext ctx;
    private final Map<String, Participant> local = new LinkedHashMap<>();
    private final Map<String, PresenceSession> remote = new LinkedHashMap<>();
    private final Map<String, Cursor> cursors = new HashMap<>();
    private final Map<String, PresenceEvent.Moved> ahead = new HashMap<>();
    private final Map<String, Pending> pending = new HashMap<>();
    /** When each local session joined (epoch ms): the later of two sessions with clashing colors changes its own. */
    private final Map<String, Long> since = new HashMap<>();
    private AutoCloseable following;
    private boolean available;
    /**
     * What this node heard of other nodes' sessions (as events) since it asked for the roster: the registry
     * hears the bus on its own, so a roster may be older than an event that reached this node first.
     */
    private final Map<String, PresenceSession> joinedSinceAsked = new HashMap<>();
    private final Set<String> leftSinceAsked = new HashSet<>();

    People(String doc, Document document, DocumentContext ctx) {
        this.doc = doc;
        this.docId = DocId.of(doc);
        this.document = document;
        this.ctx = ctx;
        this.available = ctx.presence().isAvailable();
    }

    /** Colors of everyone but {@code p}'s own client (another tab of the same client may keep its color). */
    Set<String> colorsOtherThan(Participant p) {
        Set<String> taken = new HashSet<>();
        for (Participant q : local.values()) if (!q.clientId().equals(p.clientId())) taken.add(q.color());
        for (PresenceSession s : remote.values()) taken.add(s.color());
        return taken;
    }

    // ---------------------------------------------------------------- this node's sessions

    /** {@code p} joined (its join reply was sent): the list to it, the news to the others, and to every node. */
    void add(Participant p) {
        if (following == null) follow();
        local.put(p.sessionId(), p);
        long joinedAt = System.currentTimeMillis();
        since.put(p.sessionId(), joinedAt);
        // the color was chosen before this node followed the document (first local joiner): now others are known
        Set<String> remoteColors = new HashSet<>();
        for (PresenceSession s : remote.values()) remoteColors.add(s.color());
        if (Colors.clashes(p.color(), remoteColors)) p.avoidColors(colorsOtherThan(p));
        // the registry first: once the joiner has its list, a joiner on another node finds it in the roster
        ctx.presence().publish(new PresenceEvent.Joined(new PresenceSession(p.sessionId(), doc, p.userId(), p.name(),
                p.color(), ctx.presence().node(), joinedAt)));
        p.frame(encode(roster()));
        toAllBut(p.sessionId(), new ServerMessage.PeerJoined(docId, peer(p)));
        cursors.forEach((session, c) -> {
            if (!session.equals(p.sessionId())) sendCursor(p, session, c);
        });
    }

    void remove(Participant p) {
        String session = p.sessionId();
        if (local.get(session) != p) return;
        local.remove(session);
        since.remove(session);
        cursors.remove(session);
        pending.remove(session);
        toAllBut(null, new ServerMessage.PeerLeft(docId, session));
        ctx.presence().publish(new PresenceEvent.Left(doc, session, ctx.presence().node(), PresenceEvent.Left.LEFT));
        if (local.isEmpty()) unfollow();
    }

    /** A local session's selection at {@code at}: relayed at most every cursor interval, the latest winning. */
    void cursor(Participant from, long at, int anchor, int head) {
        String session = from.sessionId();
        if (local.get(session) != from) return;
        Pending p = pending.computeIfAbsent(session, s -> new Pending());
        p.latest = new Cursor(at, anchor, head);
        if (p.scheduled) return;
        long waitNanos = p.lastSentNanos + ctx.settings().cursorInterval().toNanos() - System.nanoTime();
        if (waitNanos <= 0) {
            flush(session);
        } else {
            p.scheduled = true;
            ctx.timers().schedule(() -> document.exec.execute(() -> flush(session)), waitNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void flush(String session) {
        Pending p = pending.get(session);
        Participant from = local.get(session);
        if (p == null || from == null || p.latest == null) return;
        p.scheduled = false;
        p.lastSentNanos = System.nanoTime();
        Cursor c = p.latest;
        p.latest = null;
        Cursor now = document.moveToCurrent(c.version(), c.anchor(), c.head());
        if (now == null) return; // ahead of this node, or older than its recent ops: cursors are ephemeral
        cursors.put(session, now);
        toAllBut(session, new ServerMessage.Cursor(docId, session, from.name(), from.color(), now.version(),
                now.anchor(), now.head()));
        ctx.presence().publish(new PresenceEvent.Moved(doc, session, ctx.presence().node(), now.version(), now.anchor(), now.head()));
    }

    /** The document applied another version: remote cursors that were waiting for it go out. */
    void advanced() {
        if (ahead.isEmpty()) return;
        long version = document.version();
        for (var it = ahead.values().iterator(); it.hasNext(); ) {
            PresenceEvent.Moved m = it.next();
            if (m.version() <= version) {
                it.remove();
                relay(m);
            }
        }
    }

    // ---------------------------------------------------------------- other nodes

    private void follow() {
        following = ctx.presence().follow(doc, e -> document.exec.execute(() -> onRemote(e)));
        askRoster();
    }

    private void askRoster() {
        joinedSinceAsked.clear();
        leftSinceAsked.clear();
        var roster = ctx.presence().roster(doc);
        if (roster.isDone() && !roster.isCompletedExceptionally()) {
            rosterArrived(roster.join()); // in process: the joiner's first list is already complete
            return;
        }
        roster.whenCompleteAsync((r, err) -> {
            if (err == null && following != null) rosterArrived(r);
        }, document.exec);
    }

    private void unfollow() {
        try {
            if (following != null) following.close();
        } catch (Exception e) {
            LOG.warn("could not stop following the presence of {}: {}", doc, e.toString());
        }
        following = null;
        remote.clear();
        cursors.clear();
        ahead.clear();
    }

    private void onRemote(PresenceEvent e) {
        if (following == null || local.containsKey(e.session())) return;
        switch (e) {
            case PresenceEvent.Joined j -> {
                joinedSinceAsked.put(j.session(), j.who());
                leftSinceAsked.remove(j.session());
                PresenceSession before = remote.put(j.session(), j.who());
                if (!j.who().equals(before)) toAllBut(null, new ServerMessage.PeerJoined(docId, j.who().peer()));
                yieldColors();
            }
            case PresenceEvent.Left l -> {
                leftSinceAsked.add(l.session());
                joinedSinceAsked.remove(l.session());
                if (remote.remove(l.session()) != null) {
                    cursors.remove(l.session());
                    ahead.remove(l.session());
                    toAllBut(null, new ServerMessage.PeerLeft(docId, l.session()));
                }
            }
            case PresenceEvent.Moved m -> {
                if (!remote.containsKey(m.session())) return;
                if (m.version() > document.version()) ahead.put(m.session(), m);
                else relay(m);
            }
        }
    }

    /**
     * A local session chose its color before it knew of a session on another node (the roster comes after the
     * first join): where the two are hard to tell apart, the one that joined later takes another color, and
     * everyone hears of it as a {@code peer_joined} that replaces the old entry. Only the later one changes, so
     * two nodes never both change for the same pair.
     */
    private void yieldColors() {
        for (Participant p : local.values()) {
            long mine = since.getOrDefault(p.sessionId(), Long.MAX_VALUE);
            Set<String> earlier = new HashSet<>();
            for (PresenceSession s : remote.values()) {
                if (s.since() < mine || (s.since() == mine && s.session().compareTo(p.sessionId()) < 0)) earlier.add(s.color());
            }
            if (!Colors.clashes(p.color(), earlier)) continue;
            String before = p.color();
            p.avoidColors(colorsOtherThan(p));
            if (p.color().equals(before)) continue;
            toAllBut(null, new ServerMessage.PeerJoined(docId, peer(p)));
            ctx.presence().publish(new PresenceEvent.Joined(new PresenceSession(p.sessionId(), doc, p.userId(), p.name(),
                    p.color(), ctx.presence().node(), mine)));
        }
    }

    private void relay(PresenceEvent.Moved m) {
        PresenceSession who = remote.get(m.session());
        if (who == null) return;
        Cursor now = document.moveToCurrent(m.version(), m.anchor(), m.head());
        if (now == null) return;
        cursors.put(m.session(), now);
        toAllBut(null, new ServerMessage.Cursor(docId, who.session(), who.name(), who.color(), now.version(),
                now.anchor(), now.head()));
    }

    /**
     * Everyone the registry knows, with what this node heard as events since it asked: replaces what this node
     * knew of other nodes, then the whole list to everyone.
     */
    private void rosterArrived(Roster r) {
        String me = ctx.presence().node();
        Map<String, PresenceSession> fresh = new LinkedHashMap<>();
        for (PresenceSession s : r.sessions()) if (!s.node().equals(me) && !local.containsKey(s.session())) fresh.put(s.session(), s);
        // events that reached this node after it asked are newer than the roster, which may predate them
        joinedSinceAsked.forEach((session, who) -> {
            if (!local.containsKey(session)) fresh.put(session, who);
        });
        leftSinceAsked.forEach(fresh::remove);
        joinedSinceAsked.clear();
        leftSinceAsked.clear();
        for (String gone : remote.keySet()) {
            if (!fresh.containsKey(gone)) {
                cursors.remove(gone);
                ahead.remove(gone);
            }
        }
        remote.clear();
        remote.putAll(fresh);
        available = ctx.presence().isAvailable();
        toAllBut(null, roster());
        yieldColors();
        for (PresenceEvent.Moved m : r.cursors()) {
            if (!remote.containsKey(m.session())) continue;
            if (m.version() > document.version()) ahead.put(m.session(), m);
            else relay(m);
        }
    }

    /** Presence became unavailable or available again: everyone is told; when it is back, the list is asked again. */
    void availability(boolean now) {
        if (now == available || local.isEmpty()) {
            available = now;
            return;
        }
        available = now;
        toAllBut(null, roster());
        if (now && following != null) askRoster();
    }

    // ---------------------------------------------------------------- frames

    private ServerMessage.Presence roster() {
        List<Peer> peers = new ArrayList<>(local.size() + remote.size());
        for (Participant p : local.values()) peers.add(peer(p));
        for (PresenceSession s : remote.values()) peers.add(s.peer());
        return new ServerMessage.Presence(docId, peers, available);
    }

    private static Peer peer(Participant p) {
        return new Peer(p.sessionId(), p.name(), p.color());
    }

    private void sendCursor(Participant to, String session, Cursor c) {
        Participant l = local.get(session);
        PresenceSession r = remote.get(session);
        String name = l != null ? l.name() : r != null ? r.name() : null;
        String color = l != null ? l.color() : r != null ? r.color() : null;
        if (name == null) return;
        Cursor now = document.moveToCurrent(c.version(), c.anchor(), c.head());
        if (now != null) to.frame(encode(new ServerMessage.Cursor(docId, session, name, color, now.version(), now.anchor(), now.head())));
    }

    /** Encodes {@code m} once, if anyone but {@code session} is here, and sends the same bytes to each. */
    private void toAllBut(String session, ServerMessage m) {
        byte[] frame = null;
        int n = 0;
        for (Participant q : local.values()) {
            if (q.sessionId().equals(session)) continue;
            if (frame == null) frame = encode(m);
            q.frame(frame);
            n++;
        }
        ctx.metrics().deliveredFrames.add(n);
    }

    private byte[] encode(ServerMessage m) {
        ctx.metrics().encodedFrames.increment();
        return ctx.codec().encode(m).getBytes(StandardCharsets.UTF_8);
    }
}
