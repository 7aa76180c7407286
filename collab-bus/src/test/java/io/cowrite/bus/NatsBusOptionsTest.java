package io.cowrite.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NatsBusOptionsTest {
    @TempDir
    Path dir;

    @Test
    void tlsIsOnForTlsUrlsOnly() {
        assertTrue(NatsBusOptions.of("tls://nats:4222", "t").tls());
        assertTrue(NatsBusOptions.of("nats://a:4222, TLS://b:4222", "t").tls());
        assertFalse(NatsBusOptions.of("nats://nats:4222", "t").tls());
        assertFalse(NatsBusOptions.of("nats:4222", "t").tls());
    }

    @Test
    void opentlsWhichTrustsAnyCertificateIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NatsBusOptions.of("opentls://nats:4222", "t"));
    }

    @Test
    void aCaFileNeedsATlsUrlAndMustBeReadable() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not checked here");
        assertThrows(IllegalArgumentException.class, () -> NatsBusOptions.of("nats://nats:4222", "t").withTlsCaFile(ca));
        assertThrows(IllegalArgumentException.class,
                () -> NatsBusOptions.of("tls://nats:4222", "t").withTlsCaFile(dir.resolve("missing.pem")));
        assertEquals(ca, NatsBusOptions.of("tls://nats:4222", "t").withTlsCaFile(ca).tlsCaFile());
    }

    @Test
    void credentialsAreCompleteAndThePasswordIsNeverPrinted() {
        assertThrows(IllegalArgumentException.class, () -> NatsAuth.userPassword("editor", ""));
        assertThrows(IllegalArgumentException.class, () -> NatsAuth.userPassword(" ", "secret"));
        assertThrows(IllegalArgumentException.class, () -> NatsAuth.credsFile(dir.resolve("missing.creds")));
        NatsBusOptions o = NatsBusOptions.of("nats://nats:4222", "t").withAuth(NatsAuth.userPassword("editor", "hunter2"));
        assertFalse(o.toString().contains("hunter2"), o.toString());
        assertTrue(o.toString().contains("editor"), o.toString());
    }
}
