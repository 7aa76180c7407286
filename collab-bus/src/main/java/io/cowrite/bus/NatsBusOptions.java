package io.cowrite.bus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Tunables of a {@link NatsBus}.
 *
 * @param url                  NATS server URL, e.g. {@code nats://127.0.0.1:4222}; several are separated by
 *                             commas. {@code tls://} (or {@code wss://}) turns TLS on: the server must then
 *                             present a certificate for the URL's host that chains to {@code tlsCaFile}, or to
 *                             the JVM's default trust store when that is null. {@code opentls://} (no
 *                             verification) is refused
 * @param connectionName       shown by the server's monitoring
 * @param reconnectBufferBytes bytes buffered for publishes while reconnecting; beyond that publish fails
 * @param pendingMessages      bound of the shared delivery queue (messages, all subscriptions); overflow is dropped (slow consumer)
 * @param reconnectWait        pause between reconnect attempts (reconnects never stop)
 * @param auth                 the credentials the bus presents
 * @param tlsCaFile            PEM file of the CA certificate(s) the server's certificate must chain to; only
 *                             with a {@code tls://} URL; null for the JVM's default trust store
 * @param inboxPrefix          the first token of this connection's reply subjects ({@value #DEFAULT_INBOX_PREFIX}
 *                             by default): a role whose replies must not reach the holders of another role's
 *                             {@code _INBOX.>} permission gets a prefix of its own (presence-service:
 *                             {@code _INBOX_presence}), and the server lets it subscribe to that prefix only
 */
public record NatsBusOptions(String url, String connectionName, long reconnectBufferBytes,
                             int pendingMessages, Duration reconnectWait, NatsAuth auth, Path tlsCaFile,
                             String inboxPrefix) {
    /** jnats' own inbox prefix. */
    public static final String DEFAULT_INBOX_PREFIX = "_INBOX";

    public NatsBusOptions {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(auth, "auth");
        if (schemes(url).anyMatch("opentls"::equals)) {
            throw new IllegalArgumentException("opentls:// accepts any server certificate; use tls:// (and a CA file)");
        }
        if (tlsCaFile != null && !isTls(url)) {
            throw new IllegalArgumentException("a TLS CA file needs a tls:// URL, not " + url);
        }
        if (tlsCaFile != null && !Files.isReadable(tlsCaFile)) {
            throw new IllegalArgumentException("TLS CA file not readable: " + tlsCaFile);
        }
        // One token: a prefix with a dot, say _INBOX.presence, would fall under another role's _INBOX.>.
        if (inboxPrefix == null || !inboxPrefix.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("the inbox prefix must be one subject token of [A-Za-z0-9_-], not " + inboxPrefix);
        }
    }

    /** No credentials, no TLS CA file; default bounds. */
    public static NatsBusOptions of(String url, String connectionName) {
        return new NatsBusOptions(url, connectionName, 8L * 1024 * 1024, 65_536, Duration.ofMillis(500),
                NatsAuth.none(), null, DEFAULT_INBOX_PREFIX);
    }

    public NatsBusOptions withAuth(NatsAuth auth) {
        return new NatsBusOptions(url, connectionName, reconnectBufferBytes, pendingMessages, reconnectWait, auth, tlsCaFile,
                inboxPrefix);
    }

    public NatsBusOptions withTlsCaFile(Path caFile) {
        return new NatsBusOptions(url, connectionName, reconnectBufferBytes, pendingMessages, reconnectWait, auth, caFile,
                inboxPrefix);
    }

    public NatsBusOptions withInboxPrefix(String prefix) {
        return new NatsBusOptions(url, connectionName, reconnectBufferBytes, pendingMessages, reconnectWait, auth, tlsCaFile,
                prefix);
    }

    /** True when the bus connects with TLS (a {@code tls://} or {@code wss://} URL; jnats then requires it of every server). */
    public boolean tls() {
        return isTls(url);
    }

    private static boolean isTls(String url) {
        return schemes(url).anyMatch(s -> s.equals("tls") || s.equals("wss"));
    }

    private static java.util.stream.Stream<String> schemes(String url) {
        return Arrays.stream(url.split(",")).map(String::trim).filter(u -> u.contains("://"))
                .map(u -> u.substring(0, u.indexOf("://")).toLowerCase(Locale.ROOT));
    }
}
