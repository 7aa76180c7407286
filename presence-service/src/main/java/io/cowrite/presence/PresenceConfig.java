package io.cowrite.presence;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.UUID;

/**
 * {@code cowrite.presence.*}. Documented in docs/operations.md.
 *
 * @param replicaId         this replica's name in its availability beacon and logs (default: random)
 * @param nodeTtl           an editor node silent for longer than this is dead and its sessions expire; also how
 *                          long a replica warms up after it starts (or reconnects) before it answers rosters
 * @param sweepInterval     how often silent nodes are looked for
 * @param heartbeatInterval how often a warm replica publishes its availability beacon (editor nodes heartbeat
 *                          at their own interval, which should be the same)
 * @param topDocuments      most documents listed by {@code GET /presence/counts}, those with the most sessions
 */
@ConfigurationProperties("cowrite.presence")
public record PresenceConfig(
        @Bindable(defaultValue = "") String replicaId,
        @Bindable(defaultValue = "10s") Duration nodeTtl,
        @Bindable(defaultValue = "1s") Duration sweepInterval,
        @Bindable(defaultValue = "3s") Duration heartbeatInterval,
        @Bindable(defaultValue = "100") int topDocuments) {

    public PresenceConfig {
        positive("node-ttl", nodeTtl);
        positive("sweep-interval", sweepInterval);
        positive("heartbeat-interval", heartbeatInterval);
        if (topDocuments < 1) throw new IllegalArgumentException("cowrite.presence.top-documents must be at least 1");
    }

    private static void positive(String key, Duration d) {
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("cowrite.presence." + key + " must be positive");
    }

    /** The configured replica id, or a random {@code presence-xxxxxxxx}. */
    public String replicaOrRandom() {
        return replicaId.isBlank() ? "presence-" + UUID.randomUUID().toString().substring(0, 8) : replicaId;
    }
}
