package io.cowrite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cowrite.client.DocumentClient;
import io.cowrite.core.ot.Component;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.protocol.Peer;
import io.cowrite.core.protocol.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Presence across editor nodes as an operator runs it (docs/presence.md): three editor-server processes, a
 * history-service and a presence-service on the real NATS, at the shipped presence settings (heartbeat 3 s,
 * node-ttl 10 s). People on different nodes see each other join, move and leave; presence-service can stop
 * and come back without editing stopping; a node killed with SIGKILL loses its people everywhere within
 * 15 s. The kill comes last: it leaves the cluster one node short.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodePresenceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static NodeCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = NodeCluster.start("mnpresence", "nats://127.0.0.1:4222", 1, 3, i -> Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    private static TestClient person(int node, String name) {
        return new TestClient(cluster.ws(node), name).connect();
    }

    private static TextOp insert(String s) throws Exception {
        return TextOp.of(new Component.Insert(s));
    }

    private static Set<String> names(List<Peer> peers) {
        Set<String> out = new HashSet<>();
        for (Peer p : peers) out.add(p.name());
        return out;
    }

    /** presence-service's answer to {@code GET /presence/documents/{doc}}, with the admin token. */
    private static JsonNode registry(String doc) {
        try {
            return fetchRegistry(doc);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode fetchRegistry(String doc) throws java.io.IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + cluster.presence.port + "/presence/documents/" + doc))
                .header("Authorization", "Bearer " + ServiceProcess.ADMIN_TOKEN).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static Set<String> registryNodes(JsonNode view) {
        Set<String> nodes = new HashSet<>();
        view.findValues("node").forEach(n -> nodes.add(n.asText()));
        return nodes;
    }

    @Test
    @Order(1)
    void peopleOnTwoNodesSeeEachOtherJoinMoveAndLeave() throws Exception {
        try (TestClient ada = person(0, "Ada"); TestClient bob = person(1, "Bob")) {
            DocumentClient adaDoc = ada.join("team");
            ada.awaitPeople("team", 1);
            DocumentClient bobDoc = bob.join("team");
            assertEquals(Set.of("Ada", "Bob"), names(bob.awaitPeople("team", 2)), "Bob's list has Ada, on another node");
            List<Peer> adaSees = ada.awaitPeople("team", 2);
            assertEquals(Set.of("Ada", "Bob"), names(adaSees), "Ada hears of Bob");
            Set<String> colors = new HashSet<>();
            adaSees.forEach(p -> colors.add(p.color()));
            assertEquals(2, colors.size(), "two people in a document never share a color, across nodes: " + adaSees);

            // the registry has both, each on its own node
            Awaits.until(() -> registryNodes(registry("team")).size() == 2, Duration.ofSeconds(10),
                    "presence-service lists the two sessions on two nodes");

            // Ada writes "world", then "hello " before it; Bob's cursor after "world" at version 1 reaches Ada
            // moved through the op committed since: after "hello world" at version 2
            adaDoc.edit(insert("world"));
            Awaits.until(() -> adaDoc.isSynchronized() && bobDoc.version() == 1, Duration.ofSeconds(10), "world everywhere");
            adaDoc.edit(insert("hello "));
            Awaits.until(() -> bobDoc.version() == 2 && adaDoc.isSynchronized(), Duration.ofSeconds(10), "hello world everywhere");
            assertEquals("hello world", bobDoc.text());
            bob.cursor("team", 1, 5, 5);
            ServerMessage.Cursor seen = (ServerMessage.Cursor) ada.await(m -> m instanceof ServerMessage.Cursor c
                    && c.session().equals(bob.sessionId()), Duration.ofSeconds(10));
            assertEquals(2, seen.version(), "the cursor is shown at the node's current version");
            assertEquals(11, seen.anchor(), "after \"hello world\", where Bob put it");
            assertEquals(11, seen.head());
            assertEquals("Bob", seen.name());

            bob.close();
            assertEquals(Set.of("Ada"), names(ada.awaitPeople("team", 1)), "Bob left, on the other node");
            Awaits.until(() -> registryNodes(registry("team")).size() == 1, Duration.ofSeconds(10),
                    "presence-service saw Bob leave");
        }
    }

    @Test
    @Order(2)
    void editingGoesOnWhilePresenceServiceIsDownAndTheRosterComesBack() throws Exception {
        try (TestClient ada = person(0, "Ada"); TestClient bob = person(1, "Bob")) {
            DocumentClient adaDoc = ada.join("restart");
            ada.awaitPeople("restart", 1);
            bob.join("restart");
            bob.awaitPeople("restart", 2);
            ada.awaitPeople("restart", 2);

            long down = System.nanoTime();
            cluster.stopPresence();
            ada.await(m -> m instanceof ServerMessage.Presence p && !p.available(), Duration.ofSeconds(30));
            System.out.printf("MultiNodePresenceIT: presence shown unavailable %d ms after presence-service stopped%n",
                    (System.nanoTime() - down) / 1_000_000);
            adaDoc.edit(insert("still editing"));
            Awaits.until(adaDoc::isSynchronized, Duration.ofSeconds(10), "an edit acked while presence is down");

            long restarted = System.nanoTime();
            cluster.startPresenceAgain();
            ServerMessage.Presence back = (ServerMessage.Presence) ada.await(
                    m -> m instanceof ServerMessage.Presence p && p.available(), Duration.ofSeconds(40));
            System.out.printf("MultiNodePresenceIT: presence available again %d ms after presence-service started%n",
                    (System.nanoTime() - restarted) / 1_000_000);
            // the registry rebuilt itself from the nodes' heartbeats: Bob, on the other node, is listed again
            Awaits.until(() -> registryNodes(registry("restart")).size() == 2, Duration.ofSeconds(20),
                    "the restarted presence-service knows both sessions from the heartbeats");
            List<Peer> after = ada.awaitPeople("restart", 2);
            assertEquals(Set.of("Ada", "Bob"), names(after), "the list after the restart: " + back);
            // and a newcomer on a third node gets the whole roster from the new registry
            try (TestClient cy = person(2, "Cy")) {
                cy.join("restart");
                assertEquals(Set.of("Ada", "Bob", "Cy"), names(cy.awaitPeople("restart", 3)));
            }
        }
    }

    @Test
    @Order(3)
    void theKilledNodesPeopleDisappearEverywhereWithin15Seconds() throws Exception {
        try (TestClient ada = person(0, "Ada"); TestClient bob = person(1, "Bob"); TestClient cy = person(2, "Cy")) {
            ada.join("kill");
            ada.awaitPeople("kill", 1);
            bob.join("kill");
            cy.join("kill");
            ada.awaitPeople("kill", 3);
            bob.awaitPeople("kill", 3);
            String cySession = cy.sessionId();

            long killed = System.nanoTime();
            cluster.editors.get(2).kill();
            // leave events reach both surviving nodes; the bound is the default (15 s)
            ServerMessage.PeerLeft left = (ServerMessage.PeerLeft) ada.await(
                    m -> m instanceof ServerMessage.PeerLeft l && l.session().equals(cySession), Duration.ofSeconds(15));
            long adaMs = (System.nanoTime() - killed) / 1_000_000;
            bob.await(m -> m instanceof ServerMessage.PeerLeft l && l.session().equals(cySession),
                    Duration.ofNanos(Math.max(1, killed + Duration.ofSeconds(15).toNanos() - System.nanoTime())));
            long bobMs = (System.nanoTime() - killed) / 1_000_000;
            System.out.printf("MultiNodePresenceIT: SIGKILLed node's person gone from Ada's list after %d ms, Bob's after %d ms%n",
                    adaMs, bobMs);
            assertEquals(Set.of("Ada", "Bob"), names(ada.awaitPeople("kill", 2)), left.toString());
            assertEquals(Set.of("Ada", "Bob"), names(bob.awaitPeople("kill", 2)));
            JsonNode view = registry("kill");
            assertFalse(view.toString().contains(cySession), "presence-service expired Cy: " + view);
            assertTrue(registryNodes(view).size() == 2, view.toString());
        }
    }
}
