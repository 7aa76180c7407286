package io.cowrite.bus.micronaut;

import io.cowrite.bus.NatsAuth;
import io.cowrite.bus.NatsBusOptions;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;

/**
 * {@code cowrite.bus.*}.
 *
 * @param type           {@code local} (in process: single-process mode; default) or {@code nats}
 * @param natsUrl        NATS server URL for {@code nats} (comma-separated for several); {@code tls://} turns TLS on
 * @param prefix         subject prefix, so deployments sharing one NATS server stay apart
 * @param connectionName name shown by the NATS server's monitoring
 * @param user           NATS user (with {@code password}): the service's role in the server's authorization
 * @param password       that user's password
 * @param credsFile      a {@code .creds} file (user JWT and nkey seed) instead of user and password
 * @param tlsCaFile      PEM file of the CA the server's certificate must chain to ({@code tls://} only;
 *                       without it, the JVM's default trust store)
 * @param inboxPrefix    the first token of the service's reply subjects (default {@code _INBOX}); presence-service
 *                       uses {@code _INBOX_presence}, so its role need not read everyone's replies
 */
@ConfigurationProperties("cowrite.bus")
public record BusConfig(
        @Bindable(defaultValue = "local") String type,
        @Bindable(defaultValue = "nats://127.0.0.1:4222") String natsUrl,
        @Bindable(defaultValue = "cowrite") String prefix,
        @Bindable(defaultValue = "cowrite") String connectionName,
        @Nullable String user,
        @Nullable String password,
        @Nullable String credsFile,
        @Nullable String tlsCaFile,
        @Bindable(defaultValue = NatsBusOptions.DEFAULT_INBOX_PREFIX) String inboxPrefix) {

    /** The options of a {@link io.cowrite.bus.NatsBus}; a contradictory or incomplete setting fails here, naming the key. */
    public NatsBusOptions natsOptions() {
        NatsBusOptions options = NatsBusOptions.of(natsUrl, connectionName).withAuth(auth()).withInboxPrefix(inboxPrefix);
        return blank(tlsCaFile) ? options : options.withTlsCaFile(Path.of(tlsCaFile));
    }

    /** The credentials: a user and password, a creds file, or none. */
    public NatsAuth auth() {
        boolean hasUser = !blank(user);
        boolean hasPassword = !blank(password);
        boolean hasCreds = !blank(credsFile);
        if (hasCreds && (hasUser || hasPassword)) {
            throw new IllegalArgumentException("set cowrite.bus.user and cowrite.bus.password, or cowrite.bus.creds-file, not both");
        }
        if (hasCreds) return NatsAuth.credsFile(Path.of(credsFile));
        if (hasPassword && !hasUser) throw new IllegalArgumentException("cowrite.bus.password is set without cowrite.bus.user");
        if (hasUser && !hasPassword) throw new IllegalArgumentException("cowrite.bus.user is set without cowrite.bus.password");
        return hasUser ? NatsAuth.userPassword(user, password) : NatsAuth.none();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "BusConfig[type=" + type + ", natsUrl=" + natsUrl + ", prefix=" + prefix + ", connectionName="
                + connectionName + ", user=" + user + ", password=" + (blank(password) ? "" : "****")
                + ", credsFile=" + credsFile + ", tlsCaFile=" + tlsCaFile + ", inboxPrefix=" + inboxPrefix + "]";
    }
}
