package io.cowrite.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() throws Exception {
        ClientAddress a = new ClientAddress(List.of());
        assertEquals("203.0.113.9", a.resolve(ip("203.0.113.9"), "10.0.0.1"));
    }

    @Test
    void aTrustedProxysLastForwardedEntryIsTheClient() throws Exception {
        ClientAddress a = new ClientAddress(List.of("172.28.0.0/16", "::1"));
        assertEquals("198.51.100.7", a.resolve(ip("172.28.3.4"), "1.2.3.4, 198.51.100.7"), "the first entries are the client's claims");
        assertEquals(a.resolve(ip("::1"), "2001:db8:0:0::1"), a.resolve(ip("::1"), "2001:db8::1"), "one spelling per address");
        assertEquals("172.29.0.1", a.resolve(ip("172.29.0.1"), "1.2.3.4"), "outside the range: not trusted");
        assertEquals("172.28.3.4", a.resolve(ip("172.28.3.4"), "not-an-address"), "garbage: the peer counts");
        assertEquals("172.28.3.4", a.resolve(ip("172.28.3.4"), null));
    }

    @Test
    void aBadRangeIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("proxy.example")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/33")));
    }
}
