package io.cowrite.editor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The address a connection is counted under (the per-address connection limit). Behind a load balancer
 * every connection comes from the balancer, so when the peer is one of {@code cowrite.editor.trusted-proxies}
 * (addresses or CIDR ranges) the client is the last entry of {@code X-Forwarded-For}, the one the balancer
 * appended. From anyone else the header is ignored: a client cannot choose the address it is counted under.
 */
final class ClientAddress {
    private record Range(byte[] network, int bits) {
        boolean contains(byte[] a) {
            if (a.length != network.length) return false;
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((a[i / 8] & mask) != (network[i / 8] & mask)) return false;
            }
            return true;
        }
    }

    private final List<Range> trusted;

    ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty()).map(ClientAddress::range).toList();
    }

    private static Range range(String spec) {
        int slash = spec.indexOf('/');
        byte[] a = literal(slash < 0 ? spec : spec.substring(0, slash));
        if (a == null) throw new IllegalArgumentException("cowrite.editor.trusted-proxies: not an IP address or CIDR range: " + spec);
        int bits = slash < 0 ? a.length * 8 : Integer.parseInt(spec.substring(slash + 1));
        if (bits < 0 || bits > a.length * 8) throw new IllegalArgumentException("cowrite.editor.trusted-proxies: bad prefix in " + spec);
        return new Range(a, bits);
    }

    /** The bytes of an IP literal, or null (never a DNS lookup). */
    private static byte[] literal(String s) {
        if (s.isEmpty() || !(s.indexOf(':') >= 0 || s.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) return null;
        try {
            return InetAddress.getByName(s).getAddress(); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The address to count {@code peer}'s connection under, given its {@code X-Forwarded-For} (may be null). */
    String resolve(InetAddress peer, String forwardedFor) {
        if (forwardedFor == null || trusted.isEmpty() || !isTrusted(peer.getAddress())) return peer.getHostAddress();
        String last = forwardedFor.substring(forwardedFor.lastIndexOf(',') + 1).trim();
        byte[] a = literal(last);
        if (a == null) return peer.getHostAddress();
        try {
            return InetAddress.getByAddress(a).getHostAddress(); // one spelling per address (::1 = 0:0:0:0:0:0:0:1)
        } catch (UnknownHostException e) {
            return peer.getHostAddress();
        }
    }

    private boolean isTrusted(byte[] a) {
        for (Range r : trusted) if (r.contains(a)) return true;
        return false;
    }
}
