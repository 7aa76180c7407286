package io.cowrite.presence.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceCodecTest {
    private final PresenceCodec codec = new PresenceCodec();
    private final PresenceSession ada = new PresenceSession("s-1", "notes", "u-1", "Ada", "#e6194b", "editor-1", 1_700_000_000_000L);

    private <T> T roundTrip(Object v, Class<T> type) {
        return codec.decode(codec.encode(v), type);
    }

    @Test
    void everyMessageRoundTrips() {
        PresenceEvent.Moved moved = new PresenceEvent.Moved("notes", "s-1", "editor-1", 7, 3, 5);
        for (PresenceEvent e : List.<PresenceEvent>of(new PresenceEvent.Joined(ada), moved,
                new PresenceEvent.Left("notes", "s-1", "editor-1", PresenceEvent.Left.EXPIRED))) {
            assertEquals(e, roundTrip(e, PresenceEvent.class));
        }
        Roster roster = new Roster("notes", List.of(ada), List.of(moved));
        assertEquals(roster, roundTrip(roster, Roster.class));
        assertEquals(new RosterRequest("notes"), roundTrip(new RosterRequest("notes"), RosterRequest.class));
        assertEquals(new Alive("presence-1"), roundTrip(new Alive("presence-1"), Alive.class));
        PresenceSession anonymous = new PresenceSession("s-2", "notes", null, "Anonymous", "#3cb44b", "editor-1", 1);
        assertEquals(anonymous, roundTrip(anonymous, PresenceSession.class));
    }

    @Test
    void theKindNamesTheEvent() {
        String json = new String(codec.encode(new PresenceEvent.Left("notes", "s-1", "n", "left")), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"kind\":\"leave\""), json);
    }

    @Test
    void aBeatIsSplitIntoPartsOfAtMost500() {
        List<PresenceSession> many = new ArrayList<>();
        for (int i = 0; i < 1200; i++) many.add(new PresenceSession("s-" + i, "d" + (i % 7), null, "P" + i, "#000075", "editor-1", i));
        List<Heartbeat> parts = Heartbeat.of("editor-1", 9, 1, many);
        assertEquals(3, parts.size());
        assertEquals(List.of(500, 500, 200), parts.stream().map(h -> h.sessions().size()).toList());
        assertEquals(parts.get(2), roundTrip(parts.get(2), Heartbeat.class));
        assertEquals(1, Heartbeat.of("editor-1", 0, 1, List.of()).size(), "a node without sessions still beats");
    }

    @Test
    void malformedOrInvalidMessagesAreRefused() {
        for (String bad : List.of("", "{", "[]", "{\"kind\":\"join\"}", "{\"kind\":\"teleport\",\"doc\":\"d\"}",
                "{\"kind\":\"leave\",\"doc\":\"a.b\",\"session\":\"s\",\"node\":\"n\",\"reason\":\"left\"}",
                "{\"kind\":\"leave\",\"doc\":\"d\",\"session\":\"s\",\"node\":\"n\",\"reason\":\"vanished\"}",
                "{\"kind\":\"cursor\",\"doc\":\"d\",\"session\":\"s\",\"node\":\"n\",\"version\":-1,\"anchor\":0,\"head\":0}",
                "{\"kind\":\"join\",\"who\":{\"session\":\"s\",\"doc\":\"d\",\"name\":\"\\u0000\",\"color\":\"#000000\",\"node\":\"n\",\"since\":1}}")) {
            assertThrows(IllegalArgumentException.class, () -> codec.decode(bad.getBytes(StandardCharsets.UTF_8), PresenceEvent.class), bad);
        }
    }
}
