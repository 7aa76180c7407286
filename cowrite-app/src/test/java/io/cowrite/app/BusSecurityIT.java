package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.CommittedOp;
import io.cowrite.history.api.CommittedBatch;
import io.cowrite.history.api.HistoryCodec;
import io.cowrite.history.api.LoadRequest;
import io.cowrite.history.api.ShardMap;
import io.cowrite.history.api.Submit;
import io.cowrite.presence.api.Alive;
import io.cowrite.presence.api.Heartbeat;
import io.cowrite.presence.api.PresenceCodec;
import io.cowrite.presence.api.PresenceEvent;
import io.cowrite.presence.api.PresenceSession;
import io.cowrite.presence.api.Roster;
import io.cowrite.presence.api.RosterRequest;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bus as an outsider meets it. A nats-server runs with the file docker-compose ships
 * ({@code docker/nats-server.conf}, test passwords through its environment); history-service, an editor
 * node and presence-service log in with their roles' credentials, as in the distributed deployment. Edits
 * still commit end to end and presence works; NATS refuses clients without the right credentials; and a
 * client holding one role's credentials cannot do what only another role may: the server itself reports
 * each permission violation, and the editor node's document still matches PostgreSQL afterwards.
 */
class BusSecurityIT {
    /** The shipped file; its subjects use the default prefix, which the services keep here. */
    private static final Path SHIPPED_CONFIG = Path.of("..", "docker", "nats-server.conf");
    private static final String EDITOR_PASSWORD = "it-editor-" + UUID.randomUUID();
    private static final String HISTORY_PASSWORD = "it-history-" + UUID.randomUUID();
    private static final String PRESENCE_PASSWORD = "it-presence-" + UUID.randomUUID();
    private static final PresenceCodec PRESENCE = new PresenceCodec();
    private static final HistoryCodec CODEC = new HistoryCodec();

    private static NatsServerProcess nats;
    private static TestDatabase db;
    private static Future<ServiceProcess> history;
    private static Future<ServiceProcess> editor;
    private static Future<ServiceProcess> presence;
    /** An editor node started with a wrong password, alongside the others (it spends seconds being refused). */
    private static Future<ServiceProcess> refusedEditor;

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServerProcess.start(SHIPPED_CONFIG, Map.of("COWRITE_NATS_EDITOR_PASSWORD", EDITOR_PASSWORD,
                "COWRITE_NATS_HISTORY_PASSWORD", HISTORY_PASSWORD, "COWRITE_NATS_PRESENCE_PASSWORD", PRESENCE_PASSWORD));
        db = TestDatabase.create();
        Map<String, String> h = bus("history", HISTORY_PASSWORD);
        h.put("datasources.default.url", db.url);
        h.put("cowrite.history.replica-id", "bus-security-history");
        // All at once: the editor is healthy once history-service gave it the identity key over the bus.
        try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
            refusedEditor = starter.submit(() -> ServiceProcess.start("bus-security-refused", editorJar(),
                    bus("editor", "not-" + EDITOR_PASSWORD)));
            history = starter.submit(() -> ServiceProcess.start("bus-security-history", historyJar(), h));
            editor = starter.submit(() -> ServiceProcess.start("bus-security-editor", editorJar(), bus("editor", EDITOR_PASSWORD)));
            // No admin token configured: presence-service asks history-service for the cluster secret over the bus.
            Map<String, String> p = bus("presence", PRESENCE_PASSWORD);
            p.put("cowrite.auth.admin-token", "");
            p.put("cowrite.presence.node-ttl", "3s");
            p.put("cowrite.presence.heartbeat-interval", "1s");
            presence = starter.submit(() -> ServiceProcess.start("bus-security-presence", presenceJar(), p));
        }
        history.get();
        editor.get();
        presence.get();
    }

    @AfterAll
    static void stop() throws Exception {
        for (Future<ServiceProcess> p : Arrays.asList(refusedEditor, editor, presence, history)) {
            if (p != null && p.state() == Future.State.SUCCESS) p.get().close();
        }
        if (db != null) db.close();
        if (nats != null) nats.close();
    }

    private static ServiceProcess editor() throws Exception {
        return editor.get();
    }

    @Test
    void editsFromAWebSocketClientCommitOverTheAuthenticatedBus() throws Exception {
        try (Login follower = Login.as("editor", EDITOR_PASSWORD);
             TestClient a = new TestClient(editor().ws(), "bus-sec-a").connect()) {
            // What an editor node follows, with the editor's credentials: the batch and the owner's heartbeat.
            Subscription batches = follower.connection.subscribe("cowrite.doc.bus-security-edits");
            Subscription heads = follower.connection.subscribe("cowrite.heads.*");
            follower.connection.flush(Duration.ofSeconds(10));
            DocumentClient doc = a.join("bus-security-edits");
            doc.edit(TextOp.of(new Component.Insert("committed by an editor node that logged in")));
            Awaits.until(doc::isSynchronized, Duration.ofSeconds(10), "the edit acked");
            a.assertHealthy();
            StoredDocument stored = StoredDocument.read(db, "bus-security-edits");
            assertEquals(doc.text(), stored.text());
            assertEquals(doc.version(), stored.version());

            assertNotNull(batches.nextMessage(Duration.ofSeconds(10)), "no committed batch on the document's subject");
            assertNotNull(heads.nextMessage(Duration.ofSeconds(10)), "no head heartbeat");
            assertNull(follower.errors.poll(), "the editor role may follow batches and heads");
            for (Future<ServiceProcess> service : List.of(history, editor)) {
                String log = service.get().output();
                assertFalse(log.contains("Permissions Violation") || log.contains("Authorization Violation"), log);
            }
        }
    }

    @Test
    void aClientWithoutCredentialsIsRefused() {
        IOException refused = assertThrows(IOException.class, () -> Nats.connect(outsider().build()));
        assertTrue(refused.getMessage().contains("Authorization Violation"), refused.getMessage());
    }

    @Test
    void aWrongPasswordIsRefused() {
        IOException refused = assertThrows(IOException.class,
                () -> Nats.connect(outsider().userInfo("editor", "not-" + EDITOR_PASSWORD).build()));
        assertTrue(refused.getMessage().contains("Authorization Violation"), refused.getMessage());
    }

    @Test
    void editorCredentialsCannotPublishACommittedBatch() throws Exception {
        try (TestClient a = new TestClient(editor().ws(), "bus-sec-forged").connect();
             Login spy = Login.as("editor", EDITOR_PASSWORD)) {
            DocumentClient doc = a.join("bus-security-forged");
            doc.edit(TextOp.of(new Component.Insert("the real text")));
            Awaits.until(doc::isSynchronized, Duration.ofSeconds(10), "the real edit acked");

            String subject = "cowrite.doc.bus-security-forged";
            spy.connection.publish(subject, forgedBatch("bus-security-forged", doc.version()));
            spy.awaitViolation("Publish", subject);

            // The node goes on with the real history: one more real edit commits, and a newcomer's snapshot
            // (served from the node's document) is PostgreSQL's text at PostgreSQL's version.
            doc.edit(TextOp.of(new Component.Insert("and more: ")));
            Awaits.until(doc::isSynchronized, Duration.ofSeconds(10), "the second real edit acked");
            StoredDocument stored = StoredDocument.read(db, "bus-security-forged");
            try (TestClient newcomer = new TestClient(editor().ws(), "bus-sec-newcomer").connect()) {
                DocumentClient seen = newcomer.join("bus-security-forged");
                assertEquals(stored.text(), seen.text());
                assertEquals(stored.version(), seen.version());
            }
            assertEquals(stored.text(), doc.text());
            assertFalse(stored.text().contains("FORGED"));
        }
    }

    /** The forged batch of the test above is one a node applies: only the permission stopped it. */
    @Test
    void theSameBatchFromTheHistoryRoleReachesTheNode() throws Exception {
        try (TestClient a = new TestClient(editor().ws(), "bus-sec-control").connect();
             Login owner = Login.as("history", HISTORY_PASSWORD)) {
            DocumentClient doc = a.join("bus-security-control");
            doc.edit(TextOp.of(new Component.Insert("the real text")));
            Awaits.until(doc::isSynchronized, Duration.ofSeconds(10), "the real edit acked");
            owner.connection.publish("cowrite.doc.bus-security-control", forgedBatch("bus-security-control", doc.version()));
            Awaits.until(() -> doc.text().startsWith("FORGED "), Duration.ofSeconds(10), "the node applied the batch");
            assertNull(owner.errors.poll(), "the history role may publish committed batches");
        }
    }

    @Test
    void editorCredentialsCannotListenToSubmitsOrServeReads() throws Exception {
        try (Login spy = Login.as("editor", EDITOR_PASSWORD);
             TestClient a = new TestClient(editor().ws(), "bus-sec-overheard").connect()) {
            Subscription submits = spy.connection.subscribe("cowrite.shard.*.submit");
            spy.awaitViolation("Subscription", "cowrite.shard.*.submit");
            spy.connection.subscribe("cowrite.history.*", "history");
            spy.awaitViolation("Subscription", "cowrite.history.*");

            DocumentClient doc = a.join("bus-security-overheard");
            doc.edit(TextOp.of(new Component.Insert("not for the spy")));
            Awaits.until(doc::isSynchronized, Duration.ofSeconds(10), "the edit acked");
            // Had the subscription been granted, the server would have queued the submit to the spy before
            // the owner even got it; the flush's round trip comes after anything queued.
            spy.connection.flush(Duration.ofSeconds(10));
            assertNull(submits.nextMessage(Duration.ofMillis(1)), "the spy received a submit");
        }
    }

    @Test
    void historyCredentialsCannotSubmitOrRequestReads() throws Exception {
        try (Login owner = Login.as("history", HISTORY_PASSWORD)) {
            String doc = "bus-security-submit";
            String submitSubject = "cowrite.shard." + new ShardMap(32).shardOf(doc) + ".submit";
            Submit forged = new Submit(doc, 0, "mallory-client", 1, "mallory", TextOp.of(new Component.Insert("FORGED")));
            owner.connection.publish(submitSubject, "_INBOX.history-spy", CODEC.encode(forged));
            owner.awaitViolation("Publish", submitSubject);
            owner.connection.publish("cowrite.history.load", "_INBOX.history-spy", CODEC.encode(new LoadRequest(doc)));
            owner.awaitViolation("Publish", "cowrite.history.load");
        }
        assertEquals(0, StoredDocument.read(db, "bus-security-submit").version(), "a forged submit was committed");
    }

    /** What an editor node does for presence, with the editor's credentials, against presence-service with its own. */
    @Test
    void presenceWorksBetweenTheEditorAndPresenceRoles() throws Exception {
        try (Login node = Login.as("editor", EDITOR_PASSWORD)) {
            Subscription beacon = node.connection.subscribe("cowrite.presence.alive");
            Subscription events = node.connection.subscribe("cowrite.presence.doc.*");
            node.connection.flush(Duration.ofSeconds(10));
            assertNotNull(beacon.nextMessage(Duration.ofSeconds(30)), "no presence beacon: presence-service never got warm");
            PresenceSession ada = new PresenceSession("bus-sec-s1", "bus-security-presence", "ada", "Ada", "#e6194b",
                    "bus-security-node", System.currentTimeMillis());
            node.connection.publish("cowrite.presence.doc.bus-security-presence", PRESENCE.encode(new PresenceEvent.Joined(ada)));
            node.connection.publish("cowrite.presence.nodes", PRESENCE.encode(new Heartbeat("bus-security-node", 0, 1, 0, 1, List.of(ada))));
            // One connection is ordered: presence-service gets the join and the beat before the request.
            Roster roster = PRESENCE.decode(node.connection.request("cowrite.presence.roster",
                    PRESENCE.encode(new RosterRequest("bus-security-presence")), Duration.ofSeconds(10)).getData(), Roster.class);
            assertEquals(List.of(ada), roster.sessions());
            assertNotNull(events.nextMessage(Duration.ofSeconds(10)), "the node follows presence events");
            assertNull(node.errors.poll(), "the editor role may do all of that");
        }
        String log = presence.get().output();
        assertFalse(log.contains("Permissions Violation") || log.contains("Authorization Violation"), log);
    }

    /** presence-service asks history-service for the admin token with its role's rights, on its own inbox prefix. */
    @Test
    void presenceServiceGetsTheAdminTokenFromHistoryOverTheBus() throws Exception {
        String token;
        try (java.sql.Connection c = db.connect();
             java.sql.ResultSet r = c.createStatement().executeQuery("SELECT value FROM cluster_secrets WHERE name = 'admin-token'")) {
            assertTrue(r.next(), "history-service keeps no admin token");
            token = r.getString(1);
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest counts = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + presence.get().port + "/presence/counts"))
                .header("Authorization", "Bearer " + token).build();
        int[] status = new int[1];
        Awaits.until(() -> {
            try {
                status[0] = http.send(counts, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return status[0] != 401; // 401 until the token arrived
        }, Duration.ofSeconds(15), "presence-service accepting the cluster's admin token");
        assertEquals(200, status[0]);
    }

    @Test
    void presenceCredentialsCannotDoMoreThanPresence() throws Exception {
        try (Login spy = Login.as("presence", PRESENCE_PASSWORD)) {
            String doc = "bus-security-presence-spy";
            String submitSubject = "cowrite.shard." + new ShardMap(32).shardOf(doc) + ".submit";
            Submit forged = new Submit(doc, 0, "mallory-client", 1, "mallory", TextOp.of(new Component.Insert("FORGED")));
            spy.connection.publish(submitSubject, CODEC.encode(forged));
            spy.awaitViolation("Publish", submitSubject);
            spy.connection.publish("cowrite.doc." + doc, forgedBatch(doc, 0));
            spy.awaitViolation("Publish", "cowrite.doc." + doc);
            spy.connection.publish("cowrite.history.load", "_INBOX_presence.spy", CODEC.encode(new LoadRequest(doc)));
            spy.awaitViolation("Publish", "cowrite.history.load");
            spy.connection.publish("cowrite.presence.nodes", new byte[] {'{', '}'});
            spy.awaitViolation("Publish", "cowrite.presence.nodes");
            // Replies to other services (documents, secrets) are not its to read, nor rosters outside its queue group.
            spy.connection.subscribe("_INBOX.>");
            spy.awaitViolation("Subscription", "_INBOX.>");
            spy.connection.subscribe("cowrite.presence.roster");
            spy.awaitViolation("Subscription", "cowrite.presence.roster");
            spy.connection.subscribe("cowrite.doc.*");
            spy.awaitViolation("Subscription", "cowrite.doc.*");
        }
        assertEquals(0, StoredDocument.read(db, "bus-security-presence-spy").version(), "a forged submit was committed");
    }

    @Test
    void editorCredentialsCannotActAsPresenceService() throws Exception {
        try (Login spy = Login.as("editor", EDITOR_PASSWORD)) {
            spy.connection.publish("cowrite.presence.alive", PRESENCE.encode(new Alive("impostor")));
            spy.awaitViolation("Publish", "cowrite.presence.alive");
            spy.connection.subscribe("cowrite.presence.roster", "presence");
            spy.awaitViolation("Subscription", "cowrite.presence.roster");
            spy.connection.subscribe("cowrite.presence.nodes");
            spy.awaitViolation("Subscription", "cowrite.presence.nodes");
        }
    }

    @Test
    void anEditorNodeWhoseCredentialsAreRefusedStopsSayingWhyAndIsNeverHealthy() {
        ExecutionException failed = assertThrows(ExecutionException.class, refusedEditor::get);
        assertInstanceOf(IllegalStateException.class, failed.getCause());
        String e = failed.getCause().getMessage();
        assertTrue(e.contains("bus-security-refused exited"), e);
        assertTrue(e.contains("refused the credentials (user editor): Authorization Violation"), e);
    }

    private static Map<String, String> bus(String user, String password) {
        Map<String, String> m = new HashMap<>();
        m.put("cowrite.bus.type", "nats");
        m.put("cowrite.bus.nats-url", nats.url());
        m.put("cowrite.bus.user", user);
        m.put("cowrite.bus.password", password);
        m.put("cowrite.bus.connection-name", "bus-security-" + user);
        return m;
    }

    private static Path historyJar() {
        return ServiceProcess.jar("history-service", "history-service-all.jar");
    }

    private static Path presenceJar() {
        return ServiceProcess.jar("presence-service", "presence-service-all.jar");
    }

    private static Path editorJar() {
        return ServiceProcess.jar("editor-server", "editor-server-all.jar");
    }

    private static Options.Builder outsider() {
        return new Options.Builder().server(nats.url()).maxReconnects(0).errorListener(new ErrorListener() {
        });
    }

    /** A committed batch as an owner would publish it: "FORGED " inserted at the next version, by nobody real. */
    private static byte[] forgedBatch(String doc, long version) throws Exception {
        CommittedOp op = new CommittedOp(version, TextOp.of(new Component.Insert("FORGED ")), "mallory-client", 1,
                "mallory", System.currentTimeMillis());
        return CODEC.encode(new CommittedBatch(doc, List.of(op)));
    }

    /** A NATS client logged in with a role's credentials, collecting the errors the server sends it. */
    private record Login(Connection connection, BlockingQueue<String> errors) implements AutoCloseable {
        static Login as(String user, String password) throws Exception {
            BlockingQueue<String> errors = new LinkedBlockingQueue<>();
            Options o = outsider().userInfo(user, password).errorListener(new ErrorListener() {
                @Override
                public void errorOccurred(Connection conn, String error) {
                    errors.add(error);
                }
            }).build();
            return new Login(Nats.connect(o), errors);
        }

        /** Waits for the server's {@code Permissions Violation for <operation> to "<subject>"}. */
        void awaitViolation(String operation, String subject) throws InterruptedException {
            String expected = "Permissions Violation for " + operation + " to \"" + subject + "\"";
            while (true) {
                String error = errors.poll(10, TimeUnit.SECONDS);
                assertNotNull(error, "the server reported no violation: " + expected);
                if (error.contains(expected)) return;
            }
        }

        @Override
        public void close() throws InterruptedException {
            connection.close();
        }
    }
}
