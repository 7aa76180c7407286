package io.cowrite.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.Side;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.ClientMessage;
import io.cowrite.core.protocol.DocId;
import io.cowrite.core.protocol.ErrorCode;
import io.cowrite.core.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A resync snapshot loses no pending edit (protocol §11): a client that was away while others edited
 * resumes on a snapshot, learns from its in-flight op's resend whether that op was committed, and commits
 * what is still pending on top of the snapshot. The server here is the owner's rule in miniature:
 * transform a submit past what was committed since its base, dedup by (clientId, seq), refuse bases
 * behind a horizon with {@code version_too_old}.
 */
class DocumentClientResyncTest {
    private static final DocId DOC = DocId.of("resync");

    /** The owner's write path in miniature. */
    private static final class Server {
        final List<TextOp> ops = new ArrayList<>();
        final Map<String, Long> committed = new HashMap<>(); // clientId/seq -> version
        String text = "";
        long horizon;

        /** Commits or answers: an Ack, or an ErrorReply. */
        ServerMessage submit(ClientMessage.Op m) throws OtException {
            Long known = committed.get(m.clientId() + "/" + m.seq());
            if (known != null) return new ServerMessage.Ack(DOC, m.seq(), known);
            if (m.base() < horizon) return new ServerMessage.ErrorReply(ErrorCode.VERSION_TOO_OLD, "too old", DOC, m.seq(), null);
            TextOp op = TextType.normalize(m.op());
            for (long v = m.base(); v < ops.size(); v++) op = TextType.transform(op, ops.get((int) v), Side.LEFT);
            text = TextType.apply(text, op);
            ops.add(op);
            committed.put(m.clientId() + "/" + m.seq(), (long) ops.size() - 1);
            return new ServerMessage.Ack(DOC, m.seq(), ops.size() - 1);
        }

        ServerMessage.Remote remote(long v, String clientId, long seq) {
            return new ServerMessage.Remote(DOC, v, ops.get((int) v), clientId, seq, clientId, 0);
        }

        /** Someone else's edit at the head. */
        void other(Random r, int[] next) throws OtException {
            ops.add(randomEdit(r, text, next));
            text = TextType.apply(text, ops.get(ops.size() - 1));
        }
    }

    /** Inserts one new character at a random place (nobody deletes, so nothing typed may disappear). */
    private static TextOp randomEdit(Random r, String text, int[] next) throws OtException {
        int length = text.codePointCount(0, text.length());
        int at = r.nextInt(length + 1);
        List<Component> cs = new ArrayList<>();
        if (at > 0) cs.add(new Component.Skip(at));
        cs.add(new Component.Insert(new String(Character.toChars(next[0]++))));
        return TextOp.of(cs);
    }

    private static long seed() {
        long seed = Long.getLong("cowrite.seed", new Random().nextLong());
        System.out.println("DocumentClientResyncTest seed=" + seed + " (rerun with -Dcowrite.seed=" + seed + ")");
        return seed;
    }

    @Test
    void aResyncKeepsEveryPendingEditWhateverHappenedToTheInflightOp() throws Exception {
        long seed = seed();
        Random r = new Random(seed);
        for (int round = 0; round < 300; round++) {
            String context = "seed " + seed + " round " + round;
            Server server = new Server();
            int[] others = {0x4E00};
            int[] mine = {0x20000}; // the client's characters: outside the BMP, never typed by anyone else
            for (int i = r.nextInt(5); i > 0; i--) server.other(r, others);
            List<ClientMessage> sent = new ArrayList<>();
            DocumentClient client = new DocumentClient(DOC, "me", sent::add);
            client.join();
            client.receive(new ServerMessage.Snapshot(DOC, server.ops.size(), server.text, false, false));

            // edits: the first goes in flight; the rest are buffered (the connection drops before any answer)
            for (int i = 1 + r.nextInt(4); i > 0; i--) client.edit(randomEdit(r, client.text(), mine));
            ClientMessage.Op inflight = (ClientMessage.Op) sent.get(sent.size() - 1);
            boolean committedBeforeTheDrop = r.nextBoolean();
            if (committedBeforeTheDrop) server.submit(inflight);
            for (int i = 1 + r.nextInt(6); i > 0; i--) server.other(r, others);
            server.horizon = server.ops.size(); // everything the client missed is compacted: a resync

            // resume: a resync snapshot, then the resend of the in-flight op; edits may go on meanwhile
            sent.clear();
            client.rejoin(sent::add);
            client.receive(new ServerMessage.Snapshot(DOC, server.ops.size(), server.text, true, false));
            if (r.nextBoolean()) client.edit(randomEdit(r, client.text(), mine));
            List<Integer> typed = client.text().codePoints().filter(c -> c >= 0x20000).boxed().toList();
            drain(server, client, sent);
            assertTrue(client.isSynchronized(), context);
            assertEquals(server.text, client.text(), context);
            assertEquals(server.ops.size(), client.version(), context);
            // nobody deletes in this test: every character the client typed is committed, in the order it typed them
            assertEquals(typed, server.text.codePoints().filter(c -> c >= 0x20000).boxed().toList(), context);
        }
    }

    /** Plays the server: answers every op the client sends, in order, until it sends nothing more. */
    private static void drain(Server server, DocumentClient client, List<ClientMessage> sent) throws Exception {
        for (int i = 0; i < 100 && !sent.isEmpty(); i++) {
            ClientMessage m = sent.remove(0);
            if (!(m instanceof ClientMessage.Op op)) continue;
            long before = server.ops.size();
            ServerMessage answer = server.submit(op);
            client.receive(answer);
            assertTrue(server.ops.size() <= before + 1);
        }
        assertTrue(sent.isEmpty(), "the client keeps sending: " + sent);
    }

    @Test
    void anInflightOpCommittedBeforeTheDropIsNotSentAgainAndTheBufferFollows() throws Exception {
        Server server = new Server();
        List<ClientMessage> sent = new ArrayList<>();
        DocumentClient client = new DocumentClient(DOC, "me", sent::add);
        client.join();
        client.receive(new ServerMessage.Snapshot(DOC, 0, "", false, false));
        client.edit(TextOp.of(new Component.Insert("ab")));            // in flight
        client.edit(TextOp.of(new Component.Skip(2), new Component.Insert("c"))); // buffered
        server.submit((ClientMessage.Op) sent.get(sent.size() - 1));  // committed at 0; the ack is lost
        server.ops.add(TextOp.of(new Component.Insert("X")));         // someone else, at 1
        server.text = "Xab";
        server.horizon = 2;
        sent.clear();
        client.rejoin(sent::add);
        client.receive(new ServerMessage.Snapshot(DOC, 2, "Xab", true, false));
        assertEquals(2, sent.size(), "the join, then the resend with its original seq");
        ClientMessage.Op resend = (ClientMessage.Op) sent.get(1);
        assertEquals(1, resend.seq());
        assertEquals(0, resend.base());
        client.receive(server.submit(resend)); // ack with the original version 0
        ClientMessage.Op rebased = (ClientMessage.Op) sent.get(2);
        assertEquals(2, rebased.base());
        assertEquals(2, rebased.seq());
        client.receive(server.submit(rebased));
        assertEquals("Xabc", server.text);
        assertEquals("Xabc", client.text());
        assertEquals(2, client.acked());
    }

    @Test
    void anInflightOpRefusedAsTooOldIsRebasedWithTheBuffer() throws Exception {
        Server server = new Server();
        List<ClientMessage> sent = new ArrayList<>();
        DocumentClient client = new DocumentClient(DOC, "me", sent::add);
        client.join();
        client.receive(new ServerMessage.Snapshot(DOC, 0, "", false, false));
        client.edit(TextOp.of(new Component.Insert("ab")));
        client.edit(TextOp.of(new Component.Skip(2), new Component.Insert("c")));
        server.ops.add(TextOp.of(new Component.Insert("X")));
        server.text = "X";
        server.horizon = 1;
        sent.clear();
        client.rejoin(sent::add);
        client.receive(new ServerMessage.Snapshot(DOC, 1, "X", true, false));
        client.receive(server.submit((ClientMessage.Op) sent.get(1))); // version_too_old: never committed
        ClientMessage.Op rebased = (ClientMessage.Op) sent.get(2);
        assertEquals(1, rebased.base());
        client.receive(server.submit(rebased));
        assertEquals(server.text, client.text());
        assertTrue(server.text.contains("abc"), server.text);
        assertEquals(1, client.acked(), "the refused op was never acked; the rebased one was");
    }

    @Test
    void anInflightOpThatCommitsAfterTheSnapshotIsRecognizedAmongTheRemotes() throws Exception {
        Server server = new Server();
        List<ClientMessage> sent = new ArrayList<>();
        DocumentClient client = new DocumentClient(DOC, "me", sent::add);
        client.join();
        client.receive(new ServerMessage.Snapshot(DOC, 0, "", false, false));
        client.edit(TextOp.of(new Component.Insert("ab")));
        ClientMessage.Op first = (ClientMessage.Op) sent.get(sent.size() - 1);
        client.edit(TextOp.of(new Component.Skip(2), new Component.Insert("c")));
        server.ops.add(TextOp.of(new Component.Insert("X")));
        server.text = "X";
        sent.clear();
        client.rejoin(sent::add);
        client.receive(new ServerMessage.Snapshot(DOC, 1, "X", true, false));
        server.submit(first); // the old connection's op commits now, at 1, after the snapshot
        ServerMessage ack = server.submit((ClientMessage.Op) sent.get(1)); // the resend: its original version 1
        client.receive(ack);
        assertEquals(2, sent.size(), "not resolved before its op arrived");
        client.receive(server.remote(1, "me", 1));
        ClientMessage.Op rebased = (ClientMessage.Op) sent.get(2);
        assertEquals(2, rebased.base());
        client.receive(server.submit(rebased));
        assertEquals(server.text, client.text());
        assertEquals("abcX", server.text, "the late op was transformed past X by the server; c follows it");
        assertEquals(2, client.acked());
    }
}
