package io.cowrite.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NatsBus} against nats-servers that require credentials or TLS, each started for its test: every
 * kind of credential the bus takes is accepted when right and refused (with the server's reason) when
 * wrong, and TLS checks both the certificate's CA and its host name.
 */
class NatsBusSecurityIT {
    private static final String USERS = "authorization { users = [ { user: svc, password: \"svc-secret\" } ] }\n";

    @TempDir
    Path dir;

    @Test
    void aUserWithItsPasswordConnects() throws Exception {
        try (PrivateNatsServer server = PrivateNatsServer.start(dir, USERS);
             NatsBus bus = NatsBus.connect(svc(server.url()))) {
            assertRoundTrip(bus);
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithTheServersReason() throws Exception {
        try (PrivateNatsServer server = PrivateNatsServer.start(dir, USERS)) {
            BusException e = assertThrows(BusException.Disconnected.class,
                    () -> NatsBus.connect(options(server.url()).withAuth(NatsAuth.userPassword("svc", "guess"))));
            assertTrue(e.getMessage().contains("Authorization Violation") && e.getMessage().contains("user svc"), e.getMessage());
        }
    }

    @Test
    void noCredentialsAreRefused() throws Exception {
        try (PrivateNatsServer server = PrivateNatsServer.start(dir, USERS)) {
            BusException e = assertThrows(BusException.Disconnected.class, () -> NatsBus.connect(options(server.url())));
            assertTrue(e.getMessage().contains("Authorization Violation"), e.getMessage());
        }
    }

    @Test
    void credentialsRefusedOnAReconnectCloseTheBusForGood() throws Exception {
        try (PrivateNatsServer server = PrivateNatsServer.start(dir, USERS);
             NatsBus bus = NatsBus.connect(svc(server.url()))) {
            BlockingQueue<ConnectionEvent> events = new LinkedBlockingQueue<>();
            bus.addConnectionListener(events::add);
            server.restartWith(USERS.replace("svc-secret", "rotated-secret")); // the password was changed
            while (true) {
                ConnectionEvent e = events.poll(30, TimeUnit.SECONDS);
                assertNotNull(e, "the bus was not closed");
                if (e == ConnectionEvent.CLOSED) break;
                assertTrue(e == ConnectionEvent.DISCONNECTED, "unexpected " + e);
            }
            assertFalse(bus.isConnected());
            assertThrows(BusException.Disconnected.class, () -> bus.publish("security.ping", new byte[1]));
        }
    }

    /** A role allowed to subscribe to its own inbox prefix only gets its replies there. */
    @Test
    void requestsUseTheConfiguredInboxPrefix() throws Exception {
        String config = "authorization { users = [\n"
                + "  { user: svc, password: \"svc-secret\", permissions: { publish: [\"rpc.ask\"], subscribe: [\"_INBOX_svc.>\"] } }\n"
                + "  { user: server, password: \"server-secret\", permissions: { subscribe: [\"rpc.ask\"], allow_responses: true } }\n"
                + "] }\n";
        try (PrivateNatsServer server = PrivateNatsServer.start(dir, config);
             NatsBus answering = NatsBus.connect(options(server.url()).withAuth(NatsAuth.userPassword("server", "server-secret")));
             NatsBus asking = NatsBus.connect(svc(server.url()).withInboxPrefix("_INBOX_svc"))) {
            BlockingQueue<String> replyTo = new LinkedBlockingQueue<>();
            answering.subscribe("rpc.ask", m -> {
                replyTo.add(m.replyTo());
                m.respond("answer".getBytes(StandardCharsets.UTF_8));
            });
            answering.flush(java.time.Duration.ofSeconds(10));
            byte[] reply = asking.request("rpc.ask", new byte[0], java.time.Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
            assertArrayEquals("answer".getBytes(StandardCharsets.UTF_8), reply);
            String inbox = replyTo.take();
            assertTrue(inbox.startsWith("_INBOX_svc."), inbox);
        }
    }

    @Test
    void aCredsFileOfTheAccountConnectsAndOneSignedByAStrangerIsRefused() throws Exception {
        OperatorMode operator = new OperatorMode();
        try (PrivateNatsServer server = PrivateNatsServer.start(dir, operator.serverConfig())) {
            try (NatsBus bus = NatsBus.connect(options(server.url()).withAuth(NatsAuth.credsFile(operator.user(dir, "svc"))))) {
                assertRoundTrip(bus);
            }
            Path stranger = operator.stranger(dir, "stranger");
            BusException e = assertThrows(BusException.Disconnected.class,
                    () -> NatsBus.connect(options(server.url()).withAuth(NatsAuth.credsFile(stranger))));
            assertTrue(e.getMessage().contains("Authorization Violation") && e.getMessage().contains("creds file"), e.getMessage());
        }
    }

    @Test
    void tlsWithTheCaFileConnectsToTheServerNamedInTheUrl() throws Exception {
        ThrowawayPki pki = new ThrowawayPki(dir);
        Path ca = pki.ca("ca");
        try (PrivateNatsServer server = PrivateNatsServer.start(dir, tlsConfig(pki, "ca", "DNS:localhost"));
             NatsBus bus = NatsBus.connect(svc(server.url("tls", "localhost")).withTlsCaFile(ca))) {
            assertRoundTrip(bus);
        }
    }

    @Test
    void tlsRefusesAServerCertificateSignedByAnotherCa() throws Exception {
        ThrowawayPki pki = new ThrowawayPki(dir);
        pki.ca("server-ca");
        Path other = pki.ca("other-ca");
        try (PrivateNatsServer server = PrivateNatsServer.start(dir, tlsConfig(pki, "server-ca", "DNS:localhost"))) {
            Throwable refused = connectFailure(svc(server.url("tls", "localhost")).withTlsCaFile(other));
            assertTrue(causes(refused, CertificateException.class), "not a certificate failure: " + refused);
        }
    }

    @Test
    void tlsRefusesACertificateOfTheRightCaForAnotherHost() throws Exception {
        ThrowawayPki pki = new ThrowawayPki(dir);
        Path ca = pki.ca("ca");
        try (PrivateNatsServer server = PrivateNatsServer.start(dir, tlsConfig(pki, "ca", "DNS:nats.example"))) {
            Throwable refused = connectFailure(svc(server.url("tls", "localhost")).withTlsCaFile(ca));
            assertTrue(causes(refused, CertificateException.class) && String.valueOf(refused).contains("localhost"),
                    "not a host name failure: " + refused);
        }
    }

    private static NatsBusOptions options(String url) {
        return NatsBusOptions.of(url, "security-it");
    }

    /** With the right credentials, so that only TLS can fail. */
    private static NatsBusOptions svc(String url) {
        return options(url).withAuth(NatsAuth.userPassword("svc", "svc-secret"));
    }

    private static String tlsConfig(ThrowawayPki pki, String ca, String san) throws Exception {
        Path cert = pki.server(ca, "server", san);
        return USERS + "tls {\n  cert_file: \"" + cert + "\"\n  key_file: \"" + pki.key("server") + "\"\n}\n";
    }

    /** Connects once with the bus's own jnats options and returns the TLS failure jnats reported. */
    private static Throwable connectFailure(NatsBusOptions options) throws Exception {
        BlockingQueue<Exception> reported = new LinkedBlockingQueue<>();
        ErrorListener listener = new ErrorListener() {
            @Override
            public void exceptionOccurred(Connection conn, Exception exp) {
                reported.add(exp);
            }
        };
        io.nats.client.Options o = NatsBus.natsOptions(options).errorListener(listener).build();
        assertThrows(IOException.class, () -> Nats.connect(o));
        while (true) {
            Exception e = reported.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "jnats reported no TLS failure");
            if (causes(e, SSLHandshakeException.class)) return e;
        }
    }

    private static boolean causes(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return true;
        }
        return false;
    }

    private static void assertRoundTrip(Bus bus) throws InterruptedException {
        BlockingQueue<BusMessage> got = new LinkedBlockingQueue<>();
        bus.subscribe("security.ping", got::add);
        byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
        bus.publish("security.ping", payload);
        BusMessage m = got.poll(10, TimeUnit.SECONDS);
        assertNotNull(m, "message not delivered");
        assertArrayEquals(payload, m.payload());
    }
}
