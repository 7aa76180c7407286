package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOpJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Restore and undo-author through the admin API while real WebSocket clients keep typing, on the
 * single-process platform with the real PostgreSQL and NATS: the admin's op is committed through the
 * document's owner like anyone's, every open editor receives it, everyone converges, versions stay
 * contiguous, and the new op is the admin's.
 */
class AdminHistoryIT {
    private static final String ADMIN_TOKEN = "admin-history-it-" + UUID.randomUUID();
    static TestDatabase db;
    static TestServer server;
    static AdminApi api;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        server = TestServer.start(db, "nats", Map.of("cowrite.history.milestone-interval", 7,
                "cowrite.auth.admin-token", ADMIN_TOKEN));
        api = new AdminApi(server.server.getPort(), ADMIN_TOKEN);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
    }

    private static long seed() {
        long seed = Long.getLong("cowrite.seed", new Random().nextLong());
        System.out.println("AdminHistoryIT seed=" + seed + " (rerun with -Dcowrite.seed=" + seed + ")");
        return seed;
    }

    /** Clients named {@code names} in {@code doc}, by name (their name is the author of their ops). */
    private static Map<String, DocumentClient> join(List<TestClient> connections, String doc, String... names) {
        Map<String, DocumentClient> out = new LinkedHashMap<>();
        for (String name : names) {
            TestClient c = new TestClient(server.ws(), name).connect();
            connections.add(c);
            out.put(name, c.join(doc));
        }
        return out;
    }

    private static void converge(List<TestClient> connections, Map<String, DocumentClient> clients, String doc,
                                 String context) throws Exception {
        Typists.awaitConverged(connections, List.copyOf(clients.values()), context);
        StoredDocument stored = StoredDocument.read(db, doc); // contiguous versions from 0, text replayed
        for (DocumentClient c : clients.values()) {
            assertEquals(stored.version(), c.version(), context);
            assertEquals(stored.text(), c.text(), context);
        }
    }

    /** The committed op at {@code version}: its author and client id. */
    private static String[] committedBy(String doc, long version) throws Exception {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("select author, client_id, client_seq from ops where doc_id = ? and version = ?")) {
            ps.setString(1, doc);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no op at " + version);
                return new String[] {rs.getString(1), rs.getString(2), String.valueOf(rs.getLong(3))};
            }
        }
    }

    /** The characters inserted by the ops at versions {@code from} and later, except the admin's. */
    private static List<String> insertedFrom(String doc, long from) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "select op::text from ops where doc_id = ? and version >= ? and client_id not like 'admin-%' order by version")) {
            ps.setString(1, doc);
            ps.setLong(2, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    for (Component comp : TextOpJson.parse(rs.getString(1)).components()) {
                        if (comp instanceof Component.Insert i) i.text().codePoints().forEach(cp -> out.add(Character.toString(cp)));
                    }
                }
            }
        }
        return out;
    }

    private static void assertTheAdmins(String doc, long version) throws Exception {
        String[] by = committedBy(doc, version);
        assertEquals("admin", by[0], "the new op is the admin's");
        assertTrue(by[1].startsWith("admin-") && by[2].equals("1"), by[1] + " seq " + by[2]);
    }

    @Test
    void aRestoreReachesEveryOpenEditorAndKeepsWhatOthersTypeMeanwhile() throws Exception {
        long seed = seed();
        Random random = new Random(seed);
        String doc = "restore-" + UUID.randomUUID();
        List<TestClient> connections = new ArrayList<>();
        try (Typists typists = new Typists()) {
            Map<String, DocumentClient> clients = join(connections, doc, "ann", "bob", "cy");
            typists.typeNow(clients, 10, random);
            converge(connections, clients, doc, "seed " + seed + ": before");
            long v = clients.get("ann").version();
            String atV = clients.get("ann").text();
            typists.typeNow(clients, 10, random);
            converge(connections, clients, doc, "seed " + seed + ": later");

            // nobody edits: the result is exactly the text at v, in every open editor
            JsonNode quiet = api.post("/documents/" + doc + "/restore", "{\"version\":" + v + "}");
            long head = quiet.get("base").asLong();
            assertEquals(head, quiet.get("version").asLong());
            converge(connections, clients, doc, "seed " + seed + ": after a quiet restore");
            assertEquals(head + 1, clients.get("bob").version());
            assertEquals(atV, clients.get("bob").text(), "seed " + seed + ": restored to " + v);
            assertTheAdmins(doc, head);

            // everyone types while the admin restores: what was typed after the restore's base stays
            typists.typeNow(clients, 5, random);
            typists.start(clients, seed, 15);
            JsonNode busy = api.post("/documents/" + doc + "/restore", "{\"version\":" + v + "}");
            typists.stop();
            converge(connections, clients, doc, "seed " + seed + ": after a restore under typing");
            long base = busy.get("base").asLong();
            assertTheAdmins(doc, busy.get("version").asLong());
            String text = clients.get("cy").text();
            // the restore was computed on the first `base` ops: what was committed from there on is kept, what was
            // committed from v up to there is gone (nobody deletes, so nothing else could take it away)
            List<String> meanwhile = insertedFrom(doc, base);
            assertFalse(meanwhile.isEmpty(), "seed " + seed + ": nobody typed while the restore was committed; the test proves less");
            for (String ch : meanwhile) assertTrue(text.contains(ch), "seed " + seed + ": " + ch + " typed meanwhile stays");
            for (String ch : insertedFrom(doc, v)) {
                if (!meanwhile.contains(ch)) assertFalse(text.contains(ch), "seed " + seed + ": " + ch + " typed after v, before the restore, is gone");
            }
        } finally {
            connections.forEach(TestClient::close);
        }
    }

    @Test
    void anUndoTakesAwayOneAuthorsEditsWhileTheOthersKeepTyping() throws Exception {
        long seed = seed();
        Random random = new Random(seed);
        String doc = "undo-" + UUID.randomUUID();
        List<TestClient> connections = new ArrayList<>();
        try (Typists typists = new Typists()) {
            Map<String, DocumentClient> clients = join(connections, doc, "ann", "bob", "mallory");
            Map<String, DocumentClient> honest = new LinkedHashMap<>(clients);
            honest.remove("mallory");
            typists.typeNow(honest, 8, random);
            converge(connections, clients, doc, "seed " + seed + ": before");
            long from = clients.get("ann").version();
            typists.start(honest, seed, 10);
            for (int i = 0; i < 15; i++) typists.type("mallory", clients.get("mallory"), random); // spam among their typing
            Awaits.until(() -> clients.get("mallory").isSynchronized(), java.time.Duration.ofSeconds(30), "mallory's spam committed");
            long to = clients.get("mallory").version();
            JsonNode preview = api.post("/documents/" + doc + "/undo",
                    "{\"author\":\"mallory\",\"from\":" + from + ",\"to\":" + to + ",\"preview\":true}");
            assertFalse(preview.has("version"), "a preview commits nothing");
            JsonNode done = api.post("/documents/" + doc + "/undo", "{\"author\":\"mallory\",\"from\":" + from + ",\"to\":" + to + "}");
            typists.typeNow(honest, 3, random); // and after the undo
            typists.stop();
            converge(connections, clients, doc, "seed " + seed + ": after the undo");
            assertTheAdmins(doc, done.get("version").asLong());
            String text = clients.get("ann").text();
            for (String ch : typists.typed.get("mallory")) assertFalse(text.contains(ch), "seed " + seed + ": mallory's " + ch + " is gone");
            for (String name : List.of("ann", "bob")) {
                for (String ch : typists.typed.get(name)) assertTrue(text.contains(ch), "seed " + seed + ": " + name + "'s " + ch + " stays");
            }
        } finally {
            connections.forEach(TestClient::close);
        }
    }
}
