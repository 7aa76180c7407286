package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cowrite.auth.Grant;
import io.cowrite.auth.Permission;
import io.cowrite.auth.TokenIssuer;
import io.cowrite.presence.api.PresenceCodec;
import io.cowrite.presence.api.PresenceEvent;
import io.cowrite.presence.api.PresenceSession;
import io.cowrite.presence.api.PresenceSubjects;
import io.cowrite.presence.api.Roster;
import io.cowrite.presence.api.RosterRequest;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * presence-service as an operator runs it: the real jar as its own process, on the real NATS, under a
 * random subject prefix, with editor nodes played by jnats connections that publish joins, cursors, leaves
 * and heartbeats as docs/presence.md says. Two replicas run at the defaults (node-ttl 10 s, heartbeat
 * 3 s), so the expiry measured here is the shipped one; a third, alone on its own prefix, in the jwt mode
 * and with a short node-ttl, is restarted and shows the authorization rules.
 */
class PresenceServiceIT {
    private static final String NATS = System.getProperty("cowrite.test.nats", "nats://127.0.0.1:4222");
    private static final Path JAR = ServiceProcess.jar("presence-service", "presence-service-all.jar");
    private static final String JWT_SECRET = "presence-it-secret-" + UUID.randomUUID();
    private static final PresenceCodec CODEC = new PresenceCodec();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The pair: two replicas at the defaults on one prefix. */
    private static final String PREFIX = "presence" + UUID.randomUUID().toString().substring(0, 8);
    /** The lone replica: jwt mode, node-ttl 4 s, on a prefix of its own. */
    private static final String LONE_PREFIX = "presencelone" + UUID.randomUUID().toString().substring(0, 8);
    private static final Duration LONE_TTL = Duration.ofSeconds(4);

    private static Future<ServiceProcess> replicaA;
    private static Future<ServiceProcess> replicaB;
    private static ServiceProcess lone;
    private static Connection client;

    @BeforeAll
    static void start() throws Exception {
        try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
            replicaA = starter.submit(() -> ServiceProcess.start("presence-a", JAR, settings(PREFIX, "presence-a")));
            replicaB = starter.submit(() -> ServiceProcess.start("presence-b", JAR, settings(PREFIX, "presence-b")));
            Future<ServiceProcess> l = starter.submit(() -> ServiceProcess.start("presence-lone", JAR, loneSettings()));
            replicaA.get();
            replicaB.get();
            lone = l.get();
        }
        // No responders (no warm replica) fails a request at once instead of after its timeout.
        client = Nats.connect(new io.nats.client.Options.Builder().server(NATS).reportNoResponders().build());
    }

    @AfterAll
    static void stop() throws Exception {
        for (Future<ServiceProcess> p : List.of(replicaA, replicaB)) {
            if (p != null && p.state() == Future.State.SUCCESS) p.get().close();
        }
        if (lone != null) lone.close();
        if (client != null) client.close();
    }

    private static Map<String, String> settings(String prefix, String replica) {
        Map<String, String> m = new HashMap<>();
        m.put("cowrite.bus.type", "nats");
        m.put("cowrite.bus.nats-url", NATS);
        m.put("cowrite.bus.prefix", prefix);
        m.put("cowrite.presence.replica-id", replica);
        return m;
    }

    private static Map<String, String> loneSettings() {
        Map<String, String> m = settings(LONE_PREFIX, "presence-lone");
        m.put("cowrite.presence.node-ttl", LONE_TTL.toSeconds() + "s");
        m.put("cowrite.presence.heartbeat-interval", "1s");
        m.put("cowrite.auth.mode", "jwt");
        m.put("cowrite.auth.jwt-hmac-secret", JWT_SECRET);
        return m;
    }

    // ---- the tests

    @Test
    void aUserWithTwoTabsOnTwoNodesIsOnePersonWithTwoSessions() throws Exception {
        try (FakeEditorNode one = new FakeEditorNode(NATS, PREFIX, "editor-tabs-1").beatEvery(Duration.ofSeconds(3));
             FakeEditorNode two = new FakeEditorNode(NATS, PREFIX, "editor-tabs-2").beatEvery(Duration.ofSeconds(3))) {
            PresenceSession tab1 = one.join("tabs", "tab-1", "ada", "Ada", "#e6194b");
            PresenceSession tab2 = two.join("tabs", "tab-2", "ada", "Ada", "#3cb44b");
            PresenceSession guest = two.join("tabs", "guest-1", null, "Guest", "#4363d8");
            one.cursor(tab1, 0, 3, 5);
            Roster roster = awaitRoster(PREFIX, "tabs", r -> r.sessions().size() == 3 && r.cursors().size() == 1);
            assertEquals(Set.of(tab1, tab2, guest), Set.copyOf(roster.sessions()));
            assertEquals(List.of(new PresenceEvent.Moved("tabs", "tab-1", "editor-tabs-1", 0, 3, 5)), roster.cursors());

            JsonNode[] doc = new JsonNode[1];
            ServiceProcess a = replicaA.get();
            Awaits.until(() -> {
                doc[0] = getJsonQuietly(a, "/presence/documents/tabs");
                return doc[0].toString().contains("\"cursor\":{") && doc[0].get("people").size() == 2;
            }, Duration.ofSeconds(15), "replica A holding the three sessions and the cursor");
            System.out.println("PresenceServiceIT GET /presence/documents/tabs: " + doc[0]);
            JsonNode ada = null;
            JsonNode anonymous = null;
            for (JsonNode person : doc[0].get("people")) {
                if (person.get("user").isNull()) anonymous = person;
                else ada = person;
            }
            assertEquals("ada", ada.get("user").asText(), "Ada (two tabs) and the guest are two people");
            assertEquals(Set.of("editor-tabs-1", "editor-tabs-2"), texts(ada.get("sessions"), "node"));
            assertEquals(Set.of("guest-1"), texts(anonymous.get("sessions"), "session"));
            JsonNode user = getJson(replicaA.get(), "/presence/users/ada", adminToken());
            System.out.println("PresenceServiceIT GET /presence/users/ada: " + user);
            assertEquals(Set.of("editor-tabs-1", "editor-tabs-2"), texts(user.get("nodes"), null));
        }
    }

    @Test
    void bothReplicasHoldTheSameRegistryAndAnswerAlike() throws Exception {
        try (FakeEditorNode one = new FakeEditorNode(NATS, PREFIX, "editor-same-1").beatEvery(Duration.ofSeconds(3));
             FakeEditorNode two = new FakeEditorNode(NATS, PREFIX, "editor-same-2").beatEvery(Duration.ofSeconds(3))) {
            List<PresenceSession> expected = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                FakeEditorNode node = i % 2 == 0 ? one : two;
                expected.add(node.join("same-" + (i % 3), "same-s" + i, "user-" + (i % 4), "User " + i, "#00000" + i));
            }
            one.leave(expected.remove(0));
            for (int d = 0; d < 3; d++) {
                String doc = "same-" + d;
                Set<PresenceSession> inDoc = new HashSet<>(expected.stream().filter(s -> s.doc().equals(doc)).toList());
                for (ServiceProcess replica : List.of(replicaA.get(), replicaB.get())) {
                    Awaits.until(() -> sessionIds(replica, doc).equals(ids(inDoc)), Duration.ofSeconds(30),
                            replica.name + " holding " + doc);
                }
                // Either replica may answer a request (queue group); each answer is the same.
                Roster r = awaitRoster(PREFIX, doc, x -> Set.copyOf(x.sessions()).equals(inDoc));
                for (int i = 0; i < 4; i++) assertEquals(r, roster(PREFIX, doc), "the queue group's answers agree");
            }
        }
    }

    @Test
    void theSessionsOfANodeThatStopsHeartbeatingExpireWithinFifteenSeconds() throws Exception {
        Map<String, List<Long>> expiredAt = new ConcurrentHashMap<>(); // session → nanoTime of each expired leave
        Dispatcher events = client.createDispatcher(m -> {
            PresenceEvent e = CODEC.decode(m.getData(), PresenceEvent.class);
            if (e instanceof PresenceEvent.Left l && l.reason().equals(PresenceEvent.Left.EXPIRED)) {
                expiredAt.computeIfAbsent(l.session(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(System.nanoTime());
            }
        });
        events.subscribe(new PresenceSubjects(PREFIX).allDocs());
        client.flush(Duration.ofSeconds(10));
        try (FakeEditorNode doomed = new FakeEditorNode(NATS, PREFIX, "editor-doomed").beatEvery(Duration.ofSeconds(3));
             FakeEditorNode survivor = new FakeEditorNode(NATS, PREFIX, "editor-survivor").beatEvery(Duration.ofSeconds(3))) {
            PresenceSession a = doomed.join("expiry-1", "doomed-a", "ada", "Ada", "#e6194b");
            PresenceSession b = doomed.join("expiry-2", "doomed-b", null, "Guest", "#3cb44b");
            PresenceSession c = survivor.join("expiry-1", "survivor-c", "bob", "Bob", "#4363d8");
            awaitRoster(PREFIX, "expiry-1", r -> r.sessions().size() == 2);
            for (ServiceProcess replica : List.of(replicaA.get(), replicaB.get())) {
                Awaits.until(() -> sessionIds(replica, "expiry-2").equals(Set.of("doomed-b")), Duration.ofSeconds(15), replica.name);
            }
            doomed.beat(); // a last beat listing both sessions, then nothing more
            long lastBeat = doomed.fallSilent();
            long deadline = lastBeat + TimeUnit.SECONDS.toNanos(15);
            Awaits.until(() -> expiredAt.containsKey(a.session()) && expiredAt.containsKey(b.session()),
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), "an expired leave per session within 15 s of the last beat");
            for (PresenceSession s : List.of(a, b)) {
                long first = expiredAt.get(s.session()).get(0);
                System.out.printf("PresenceServiceIT expiry of %s: %.2f s after the node's last heartbeat (node-ttl 10 s, sweep 1 s)%n",
                        s.session(), (first - lastBeat) / 1e9);
            }
            // Each replica expires on its own sweep, unless the other's leave reached it first: one or two leaves.
            System.out.println("PresenceServiceIT expired leaves seen so far per session: "
                    + expiredAt.get(a.session()).size() + ", " + expiredAt.get(b.session()).size());
            assertEquals(List.of(c), awaitRoster(PREFIX, "expiry-1", r -> r.sessions().size() == 1).sessions(), "the survivor stays");
            for (ServiceProcess replica : List.of(replicaA.get(), replicaB.get())) {
                Awaits.until(() -> sessionIds(replica, "expiry-2").isEmpty(), Duration.ofSeconds(5), replica.name + " dropping them");
            }
        } finally {
            client.closeDispatcher(events);
        }
    }

    @Test
    void theApiWantsTheAdminToken() throws Exception {
        ServiceProcess a = replicaA.get();
        assertEquals(200, get(a, "/presence/counts", adminToken()).statusCode());
        HttpResponse<String> none = get(a, "/presence/counts", null);
        assertEquals(401, none.statusCode());
        System.out.println("PresenceServiceIT 401 body: " + none.body());
        assertEquals(401, get(a, "/presence/documents/tabs", "not-the-admin-token").statusCode());
        assertEquals(400, get(a, "/presence/documents/a%2Fb", adminToken()).statusCode());
        JsonNode counts = getJson(a, "/presence/counts", adminToken());
        System.out.println("PresenceServiceIT GET /presence/counts: " + counts);
        assertEquals(401, get(a, "/prometheus", null).statusCode(), "collab-auth's ManagementGuard applies");
        String metrics = get(a, "/prometheus", adminToken()).body();
        for (String meter : List.of("cowrite_presence_sessions", "cowrite_presence_documents", "cowrite_presence_nodes",
                "cowrite_presence_joins_total", "cowrite_presence_leaves_total", "cowrite_presence_expired_total",
                "cowrite_presence_malformed_total")) {
            assertTrue(metrics.contains(meter), meter);
        }
    }

    /** jwt mode: a writer is not an admin; a document's admin sees that document only; a global admin all. */
    @Test
    void inTheJwtModeTheGrantsDecide() throws Exception {
        TokenIssuer issuer = TokenIssuer.hmac(JWT_SECRET, null);
        String writer = issuer.issue("w", "Writer", Duration.ofMinutes(5), List.of(new Grant("*", Set.of(Permission.WRITE))));
        String docAdmin = issuer.issue("d", "Doc admin", Duration.ofMinutes(5), List.of(new Grant("team-*", Set.of(Permission.ADMIN))));
        String admin = issuer.issue("g", "Admin", Duration.ofMinutes(5), List.of(Grant.everything()));
        assertEquals(403, get(lone, "/presence/documents/team-notes", writer).statusCode());
        assertEquals(200, get(lone, "/presence/documents/team-notes", docAdmin).statusCode());
        assertEquals(403, get(lone, "/presence/documents/other", docAdmin).statusCode());
        assertEquals(403, get(lone, "/presence/counts", docAdmin).statusCode());
        assertEquals(403, get(lone, "/presence/users/w", docAdmin).statusCode());
        assertEquals(200, get(lone, "/presence/counts", admin).statusCode());
        assertEquals(401, get(lone, "/presence/counts", null).statusCode());
        assertEquals(401, get(lone, "/presence/counts", ServiceProcess.ADMIN_TOKEN).statusCode(), "no admin token in the jwt mode");
    }

    @Test
    void aRestartedReplicaAnswersOnlyOnceWarmWithTheRosterOfTheNextHeartbeats() throws Exception {
        try (FakeEditorNode one = new FakeEditorNode(NATS, LONE_PREFIX, "editor-restart-1").beatEvery(Duration.ofSeconds(1));
             FakeEditorNode two = new FakeEditorNode(NATS, LONE_PREFIX, "editor-restart-2").beatEvery(Duration.ofSeconds(1))) {
            Set<PresenceSession> everyone = Set.of(one.join("restart", "r-1", "ada", "Ada", "#e6194b"),
                    one.join("restart", "r-2", "ada", "Ada", "#3cb44b"), two.join("restart", "r-3", "bob", "Bob", "#4363d8"));
            awaitRoster(LONE_PREFIX, "restart", r -> Set.copyOf(r.sessions()).equals(everyone));

            lone.close();
            long restarted = System.nanoTime();
            lone = ServiceProcess.start("presence-lone", JAR, loneSettings());
            long healthy = System.nanoTime();
            // Nobody re-sends a join: the registry comes back from the heartbeats alone. Every answer it gives
            // must be whole, so before it has heard every node it must not answer at all.
            int refused = 0;
            Roster first;
            while (true) {
                try {
                    first = roster(LONE_PREFIX, "restart");
                    break;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException
                         | java.util.concurrent.TimeoutException notAnswered) {
                    refused++;
                    assertTrue(System.nanoTime() - healthy < TimeUnit.SECONDS.toNanos(30), "never answered after the restart");
                    Thread.sleep(50);
                }
            }
            long answered = System.nanoTime();
            System.out.printf("PresenceServiceIT restart: healthy %.1f s after the restart, first roster %.1f s after that"
                    + " (node-ttl %d s), %d requests unanswered before%n", (healthy - restarted) / 1e9, (answered - healthy) / 1e9,
                    LONE_TTL.toSeconds(), refused);
            assertEquals(everyone, Set.copyOf(first.sessions()), "the first answer after the restart is whole");
        }
    }

    // ---- helpers

    private static String adminToken() {
        return ServiceProcess.ADMIN_TOKEN;
    }

    /** One roster request; fails (ExecutionException) when nobody answers (no warm replica). */
    private static Roster roster(String prefix, String doc) throws Exception {
        Message m = client.requestWithTimeout(new PresenceSubjects(prefix).roster(), CODEC.encode(new RosterRequest(doc)),
                Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        return CODEC.decode(m.getData(), Roster.class);
    }

    /** Asks until an answer satisfies {@code wanted} (replicas warm up, events travel), up to 30 s. */
    private static Roster awaitRoster(String prefix, String doc, java.util.function.Predicate<Roster> wanted) {
        Roster[] last = new Roster[1];
        Awaits.until(() -> {
            try {
                last[0] = roster(prefix, doc);
                return wanted.test(last[0]);
            } catch (Exception notYet) {
                return false;
            }
        }, Duration.ofSeconds(30), "the roster of " + doc + " (last: " + last[0] + ")");
        return last[0];
    }

    private static HttpResponse<String> get(ServiceProcess s, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port + path)).timeout(Duration.ofSeconds(10));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode getJson(ServiceProcess s, String path, String token) throws Exception {
        HttpResponse<String> r = get(s, path, token);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static JsonNode getJsonQuietly(ServiceProcess s, String path) {
        try {
            return getJson(s, path, adminToken());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The session ids a replica's HTTP API lists for {@code doc}. */
    private static Set<String> sessionIds(ServiceProcess replica, String doc) {
        try {
            Set<String> ids = new HashSet<>();
            for (JsonNode person : getJson(replica, "/presence/documents/" + doc, adminToken()).get("people")) {
                ids.addAll(texts(person.get("sessions"), "session"));
            }
            return ids;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> ids(Set<PresenceSession> sessions) {
        Set<String> ids = new HashSet<>();
        for (PresenceSession s : sessions) ids.add(s.session());
        return ids;
    }

    private static Set<String> texts(JsonNode array, String field) {
        Set<String> out = new HashSet<>();
        for (JsonNode n : array) out.add(field == null ? n.asText() : n.get(field).asText());
        return out;
    }
}
