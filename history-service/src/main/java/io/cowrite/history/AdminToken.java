package io.cowrite.history;

import io.cowrite.auth.micronaut.AdminTokenSource;
import io.cowrite.auth.micronaut.AuthConfig;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open mode's admin token when none is configured: the cluster secret {@code admin-token}, created
 * at random on the first start of the deployment and printed once, then read from PostgreSQL by every
 * replica (and handed to editor nodes over the bus). In the jwt mode there is no admin token (the admin
 * grant comes with a token), so nothing is created.
 */
@Context
@Requires(env = "history")
public final class AdminToken implements AdminTokenSource {
    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);
    private static final String NAME = "admin-token";

    private final ClusterSecrets secrets;
    private volatile String token;

    public AdminToken(ClusterSecrets secrets, AuthConfig auth) {
        this.secrets = secrets;
        if (!auth.isJwt() && auth.adminToken().isBlank()) announce();
    }

    private void announce() {
        if (secrets.find(NAME).isEmpty()) {
            token = secrets.getOrCreate(NAME);
            LOG.warn("Cowrite admin token (shown once; it opens the admin API and /prometheus): {}", token);
        }
    }

    @Override
    public String token() {
        String t = token;
        if (t == null) token = t = secrets.getOrCreate(NAME);
        return t;
    }
}
