package io.cowrite.bus.micronaut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cowrite.bus.NatsAuth;
import io.cowrite.bus.NatsBusOptions;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusConfigTest {
    @TempDir
    Path dir;

    private static BusConfig config(String user, String password, String creds, String ca, String url) {
        return new BusConfig("nats", url, "cowrite", "test", user, password, creds, ca, "_INBOX");
    }

    @Test
    void everyKeyBindsFromProperties() throws Exception {
        Path creds = Files.writeString(dir.resolve("svc.creds"), "x");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        Map<String, Object> props = Map.of("cowrite.bus.nats-url", "tls://nats:4222", "cowrite.bus.creds-file", creds.toString(),
                "cowrite.bus.tls-ca-file", ca.toString());
        try (ApplicationContext ctx = ApplicationContext.run(props)) {
            NatsBusOptions o = ctx.getBean(BusConfig.class).natsOptions();
            assertEquals(NatsAuth.credsFile(creds), o.auth());
            assertEquals(ca, o.tlsCaFile());
            assertEquals("tls://nats:4222", o.url());
        }
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("cowrite.bus.user", "editor", "cowrite.bus.password", "pw"))) {
            assertEquals(NatsAuth.userPassword("editor", "pw"), ctx.getBean(BusConfig.class).natsOptions().auth());
        }
    }

    @Test
    void theInboxPrefixIsJnatsOwnUnlessConfiguredAndIsOneToken() {
        try (ApplicationContext ctx = ApplicationContext.run()) {
            assertEquals("_INBOX", ctx.getBean(BusConfig.class).natsOptions().inboxPrefix());
        }
        try (ApplicationContext ctx = ApplicationContext.run(Map.of("cowrite.bus.inbox-prefix", "_INBOX_presence"))) {
            assertEquals("_INBOX_presence", ctx.getBean(BusConfig.class).natsOptions().inboxPrefix());
        }
        // _INBOX.presence would fall under another role's _INBOX.>
        assertThrows(IllegalArgumentException.class, () -> NatsBusOptions.of("nats://n:4222", "t").withInboxPrefix("_INBOX.presence"));
        assertThrows(IllegalArgumentException.class, () -> NatsBusOptions.of("nats://n:4222", "t").withInboxPrefix("_INBOX_*"));
    }

    @Test
    void withoutCredentialsTheBusPresentsNone() {
        assertEquals(NatsAuth.none(), config(null, "", null, null, "nats://n:4222").auth());
    }

    @Test
    void incompleteOrContradictoryCredentialsFailNamingTheKeys() throws Exception {
        Path creds = Files.writeString(dir.resolve("svc.creds"), "x");
        assertEquals("cowrite.bus.user is set without cowrite.bus.password",
                assertThrows(IllegalArgumentException.class, () -> config("editor", null, null, null, "nats://n").auth()).getMessage());
        assertEquals("cowrite.bus.password is set without cowrite.bus.user",
                assertThrows(IllegalArgumentException.class, () -> config(null, "pw", null, null, "nats://n").auth()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> config("editor", "pw", creds.toString(), null, "nats://n").auth());
    }

    @Test
    void thePasswordIsNeverPrinted() {
        assertFalse(config("editor", "hunter2", null, null, "nats://n").toString().contains("hunter2"));
    }
}
