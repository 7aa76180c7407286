package io.cowrite.editor;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Every tunable of an editor node, under {@code cowrite.editor}. Documented in docs/operations.md.
 *
 * @param nodeId             this node's name in welcomes and logs (default: a random id)
 * @param maxMessageBytes    largest client message, all fragments, in UTF-8 bytes; beyond, close 4503
 * @param opsPerSecond       submits per connection per second (bursts of twice that); beyond, {@code rate_limited}
 * @param maxPendingMessages frames queued to one client; beyond, close 4001 slow_consumer
 * @param maxPendingBytes    bytes queued to one client (beyond one frame); beyond, close 4001 slow_consumer
 * @param maxDocsPerConnection documents one connection may have joined; beyond, {@code too_many_docs}
 * @param joinsPerSecond     joins per connection per second (bursts of twice that); beyond, {@code rate_limited}
 * @param pingsPerSecond     protocol pings answered per connection per second (bursts of twice that); beyond, no pong
 * @param opsPerSecondPerUser submits per authenticated user per second, across the user's connections on this node
 * @param maxConnectionsPerUser connections of one authenticated user on this node; beyond, close 4005
 * @param maxConnectionsPerAddress connections from one client address on this node (generous: NAT); beyond, close 4005
 * @param trustedProxies     load balancers (IP addresses or CIDR ranges) whose {@code X-Forwarded-For} names the client address
 * @param allowedOrigins     browser origins allowed to open the WebSocket (empty: the server's own origin only)
 * @param frameAncestors     the sites that may embed the web app in a frame (CSP {@code frame-ancestors} sources)
 * @param websocketCompression whether permessage-deflate may be negotiated (inflated messages are bounded by max-message-bytes)
 * @param maxInvalidMessages invalid frames per connection per minute; beyond, close 4003 flood
 * @param helloTimeout       time to send hello after connecting; beyond, close 4002
 * @param idleTimeout        time a connection may stay silent (no frame at all, pongs included); beyond, close 4002
 * @param pingInterval       how often the server sends a WebSocket ping to every connection
 * @param closeTimeout       after sending a close frame, how long to wait for the client's before dropping the TCP connection
 * @param identitySecret     key of clients' resume secrets, the same on every node (default: the cluster secret kept by history-service)
 * @param cursorRate         cursor updates relayed per session per second (the latest wins; the others are coalesced)
 * @param recentOps          committed ops kept in memory per document
 * @param maxReplay          most ops replayed to a resuming client; beyond, a resync snapshot
 * @param historyTimeout     timeout of one request to history-service (a submit, a read)
 * @param deliveryGrace      how long after the owner answered a submit the node waits for the batch on the feed before fetching it
 * @param maxConnections     sessions on this node (WebSocket and HTTP); beyond, close 4006 node_full (HTTP 503) and readiness DOWN
 * @param drainTimeout       on SIGTERM, how long the node drains (reconnect, in-flight submits answered) before it stops anyway
 * @param drainSpread        the {@code reconnect} message's {@code retryAfterMs} is drawn per client from [0, drain-spread)
 * @param sseKeepAlive       how often an idle Server-Sent Events stream gets a keep-alive comment
 * @param longPollTimeout    longest a long poll is held open without ops (the client's {@code timeout} may be shorter)
 */
@ConfigurationProperties("cowrite.editor")
public record EditorConfig(
        @Bindable(defaultValue = "") String nodeId,
        @Bindable(defaultValue = "4194304") int maxMessageBytes,
        @Bindable(defaultValue = "50") int opsPerSecond,
        @Bindable(defaultValue = "1000") int maxPendingMessages,
        @Bindable(defaultValue = "8388608") long maxPendingBytes,
        @Bindable(defaultValue = "20") int maxDocsPerConnection,
        @Bindable(defaultValue = "10") double joinsPerSecond,
        @Bindable(defaultValue = "5") double pingsPerSecond,
        @Bindable(defaultValue = "100") double opsPerSecondPerUser,
        @Bindable(defaultValue = "20") int maxConnectionsPerUser,
        @Bindable(defaultValue = "1000") int maxConnectionsPerAddress,
        @Bindable(defaultValue = "") java.util.List<String> trustedProxies,
        @Bindable(defaultValue = "") java.util.List<String> allowedOrigins,
        @Bindable(defaultValue = "'self'") String frameAncestors,
        @Bindable(defaultValue = "false") boolean websocketCompression,
        @Bindable(defaultValue = "30") int maxInvalidMessages,
        @Bindable(defaultValue = "10s") Duration helloTimeout,
        @Bindable(defaultValue = "60s") Duration idleTimeout,
        @Bindable(defaultValue = "20s") Duration pingInterval,
        @Bindable(defaultValue = "5s") Duration closeTimeout,
        @Bindable(defaultValue = "") String identitySecret,
        @Bindable(defaultValue = "20") int cursorRate,
        @Bindable(defaultValue = "1000") int recentOps,
        @Bindable(defaultValue = "1000") int maxReplay,
        @Bindable(defaultValue = "5s") Duration historyTimeout,
        @Bindable(defaultValue = "200ms") Duration deliveryGrace,
        @Bindable(defaultValue = "50000") int maxConnections,
        @Bindable(defaultValue = "20s") Duration drainTimeout,
        @Bindable(defaultValue = "2s") Duration drainSpread,
        @Bindable(defaultValue = "15s") Duration sseKeepAlive,
        @Bindable(defaultValue = "30s") Duration longPollTimeout) {
}
