package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.TextOpJson;
import io.cowrite.core.ot.TextType;
import io.cowrite.core.protocol.ServerMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retention with a horizon of one second (milestones every 5 versions, compaction every 100 ms), on the
 * single-process platform with the real PostgreSQL and NATS: a client goes offline with an op in flight
 * and edits buffered, the others go on until the history it last saw is compacted away; it comes back,
 * gets a resync snapshot (not an error), and every edit it made offline is committed and in everyone's text.
 */
class RetentionIT {
    private static final String ADMIN_TOKEN = "retention-it-" + UUID.randomUUID();
    static TestDatabase db;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        server = TestServer.start(db, "nats", Map.of("cowrite.history.milestone-interval", 5,
                "cowrite.history.retention.horizon", "1s", "cowrite.history.retention.interval", "100ms",
                // a small replay buffer on the editor: resumes further back ask history-service, which compacted them
                "cowrite.editor.recent-ops", 5, "cowrite.auth.admin-token", ADMIN_TOKEN));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
    }

    private static long seed() {
        long seed = Long.getLong("cowrite.seed", new Random().nextLong());
        System.out.println("RetentionIT seed=" + seed + " (rerun with -Dcowrite.seed=" + seed + ")");
        return seed;
    }

    private static long horizon(String doc) {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("select horizon from documents where id = ?")) {
            ps.setString(1, doc);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The stored document from its horizon: versions contiguous up to the head, and the text they build. */
    private static String storedText(String doc, long head) throws Exception {
        try (Connection c = db.connect()) {
            long h = horizon(doc);
            String text;
            try (PreparedStatement ps = c.prepareStatement("select text from milestones where doc_id = ? and version = ?")) {
                ps.setString(1, doc);
                ps.setLong(2, h);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "the milestone at the horizon " + h + " is kept");
                    text = rs.getString(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select version, op::text from ops where doc_id = ? order by version")) {
                ps.setString(1, doc);
                long expected = h;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        assertEquals(expected++, rs.getLong(1), "versions contiguous from the horizon");
                        text = TextType.apply(text, TextOpJson.parse(rs.getString(2)));
                    }
                }
                assertEquals(head, expected, "the stored ops reach the head");
            }
            return text;
        }
    }

    @Test
    void aClientAwayPastTheHorizonResyncsAndKeepsItsPendingEdits() throws Exception {
        long seed = seed();
        Random random = new Random(seed);
        String doc = "kept-" + UUID.randomUUID();
        try (Typists typists = new Typists();
             TestClient away = new TestClient(server.ws(), "away").connect();
             TestClient stay = new TestClient(server.ws(), "stay").connect()) {
            DocumentClient a = away.join(doc);
            DocumentClient b = stay.join(doc);
            typists.typeNow(Map.of("away", a, "stay", b), 3, random);
            Typists.awaitConverged(List.of(away, stay), List.of(a, b), "seed " + seed + ": before");

            typists.type("away", a, random); // sent; the connection drops at once: committed or not, nobody knows
            away.connection.abort();
            typists.type("away", a, random); // offline: buffered behind the op in flight
            typists.type("away", a, random);
            long awayAt = a.version();
            assertTrue(a.inflightSeq() > 0 && !a.isSynchronized(), "an op in flight and edits buffered");

            for (int i = 0; i < 20; i++) { // one op each (edits typed while one is in flight would share an op)
                typists.type("stay", b, random);
                Awaits.until(b::isSynchronized, Duration.ofSeconds(30), "the others' edit committed");
            }
            assertTrue(b.version() - awayAt > 5, "more ops than the editor keeps in memory: the resume asks history");
            Awaits.until(() -> horizon(doc) > awayAt, Duration.ofSeconds(30), Duration.ofMillis(50),
                    "retention compacted past version " + awayAt);

            away.reconnect();
            ServerMessage.Snapshot resync = (ServerMessage.Snapshot) away.await(
                    m -> m instanceof ServerMessage.Snapshot s && s.doc().value().equals(doc), Duration.ofSeconds(10));
            assertTrue(resync.resync(), "a resync snapshot, not a catch-up or an error");
            typists.type("away", a, random); // and typing goes on while it settles
            Typists.awaitConverged(List.of(away, stay), List.of(a, b), "seed " + seed + ": after the resync");

            assertEquals(a.text(), b.text());
            assertEquals(storedText(doc, b.version()), b.text());
            for (String name : List.of("away", "stay")) {
                for (String ch : typists.typed.get(name)) {
                    assertTrue(b.text().contains(ch), "seed " + seed + ": " + name + "'s " + ch + " is committed");
                }
            }
            assertEquals(typists.typed.get("away").size() + typists.typed.get("stay").size(), b.text().codePointCount(0, b.text().length()),
                    "seed " + seed + ": nothing twice");

            JsonNode status = new AdminApi(server.server.getPort(), ADMIN_TOKEN).get("/retention");
            assertEquals("PT1S", status.get("horizon").asText());
            assertTrue(status.get("compactedDocuments").asLong() >= 1, status.toString());
            assertTrue(status.get("lastRun").isTextual(), status.toString());
        }
    }
}
