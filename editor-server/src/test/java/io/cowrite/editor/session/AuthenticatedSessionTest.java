package io.cowrite.editor.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cowrite.auth.Grant;
import io.cowrite.auth.JwtAuthenticator;
import io.cowrite.auth.JwtSettings;
import io.cowrite.auth.Permission;
import io.cowrite.auth.TokenIssuer;
import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.ServerMessage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hello in the jwt mode: who gets in, under which name and identity, and for how long. */
class AuthenticatedSessionTest {
    private static final String SECRET = "session-test-secret-of-32-bytes-at-least";
    private static final TokenIssuer HOST = TokenIssuer.hmac(SECRET, null);
    private static final List<Grant> WRITE_ALL = List.of(new Grant("*", Set.of(Permission.WRITE)));

    private final Sessions sessions = new Sessions(Sessions.LIMITS, null, Duration.ofSeconds(60), Duration.ofSeconds(20),
            new JwtAuthenticator(new JwtSettings(SECRET, null, null, null, null, Duration.ZERO)), new Quotas(2, 1000, 100));

    @AfterEach
    void stop() {
        sessions.close();
    }

    private static String hello(String token, String clientId, String resume) {
        String ids = clientId == null ? "" : ",\"clientId\":\"" + clientId + "\",\"resume\":\"" + resume + "\"";
        return "{\"type\":\"hello\",\"protocol\":1" + ids + (token == null ? "" : ",\"token\":\"" + token + "\"") + ",\"name\":\"Mallory\"}";
    }

    private ServerMessage.Welcome welcome(FakeTransport t, String token, String clientId, String resume) {
        sessions.open(t).onText(hello(token, clientId, resume));
        return t.sent(ServerMessage.Welcome.class).get(0);
    }

    @Test
    void noTokenAForgedOneOrAnExpiredOneCloses4501() {
        for (String token : new String[] {null, "forged", TokenIssuer.hmac("another-secret-of-32-bytes-at-least!!", null)
                .issue("u", "U", Duration.ofMinutes(5), WRITE_ALL), HOST.issue("u", "U", Duration.ofSeconds(-60), WRITE_ALL)}) {
            FakeTransport t = new FakeTransport();
            sessions.open(t).onText(hello(token, null, null));
            assertEquals(CloseCode.UNAUTHORIZED, t.closedWith.get(), String.valueOf(token));
            assertEquals(List.of(), t.sent(ServerMessage.Welcome.class));
        }
    }

    @Test
    void theIdentityIsBoundToTheUser() {
        FakeTransport t1 = new FakeTransport();
        ServerMessage.Welcome ada = welcome(t1, HOST.issue("ada", "Ada", Duration.ofMinutes(5), WRITE_ALL), null, null);
        FakeTransport t2 = new FakeTransport();
        ServerMessage.Welcome eve = welcome(t2, HOST.issue("eve", "Eve", Duration.ofMinutes(5), WRITE_ALL), ada.clientId(), ada.resume());
        assertNotEquals(ada.clientId(), eve.clientId(), "another user cannot resume Ada's identity, even with its secret");
        assertNull(t1.closedWith.get());
        FakeTransport t3 = new FakeTransport();
        ServerMessage.Welcome again = welcome(t3, HOST.issue("ada", "Ada", Duration.ofMinutes(5), WRITE_ALL), ada.clientId(), ada.resume());
        assertEquals(ada.clientId(), again.clientId());
    }

    @Test
    void aUserWithTooManyConnectionsIsRefused4005() {
        String token = HOST.issue("busy", "Busy", Duration.ofMinutes(5), WRITE_ALL);
        welcome(new FakeTransport(), token, null, null);
        welcome(new FakeTransport(), token, null, null);
        FakeTransport third = new FakeTransport();
        sessions.open(third).onText(hello(token, null, null));
        assertEquals(CloseCode.TOO_MANY_CONNECTIONS, third.closedWith.get());
    }

    @Test
    void aTokenThatExpiresMidSessionEndsTheSession4501() throws Exception {
        FakeTransport t = new FakeTransport();
        welcome(t, HOST.issue("brief", "Brief", Duration.ofMillis(1500), WRITE_ALL), null, null);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.closedWith.get() == null && System.nanoTime() < deadline) Thread.sleep(20); // polling the condition
        assertEquals(CloseCode.UNAUTHORIZED, t.closedWith.get());
    }
}
