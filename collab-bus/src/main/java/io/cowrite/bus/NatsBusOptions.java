package io.cowrite.bus;

import java.time.Duration;

/**
 * Tunables of a {@link NatsBus}.
 *
 * @param url                  NATS server URL, e.g. {@code nats://127.0.0.1:4222}
 * @param connectionName       shown by the server's monitoring
 * @param reconnectBufferBytes bytes buffered for publishes while reconnecting; beyond that publish fails
 * @param pendingMessages      per-subscription queue bound (messages); overflow is dropped (slow consumer)
 * @param reconnectWait        pause between reconnect attempts (reconnects never stop)
 */
public record NatsBusOptions(String url, String connectionName, long reconnectBufferBytes,
                             int pendingMessages, Duration reconnectWait) {

    public static NatsBusOptions of(String url, String connectionName) {
        return new NatsBusOptions(url, connectionName, 8L * 1024 * 1024, 65_536, Duration.ofMillis(500));
    }
}
