package io.cowrite.auth;

import java.time.Instant;
import java.util.List;

/**
 * Who is asking, as the authenticator established it: a user id ({@code null} for an anonymous user
 * of the open mode), the display name to show and record, the grants, and when the credential
 * expires ({@code null}: never). Thread-safe (immutable).
 */
public record Principal(String userId, String name, List<Grant> grants, Instant expiresAt) {
    public Principal {
        grants = List.copyOf(grants);
    }

    /** True when some grant gives {@code wanted} on {@code doc}. */
    public boolean can(Permission wanted, String doc) {
        for (Grant g : grants) if (g.allows(wanted, doc)) return true;
        return false;
    }

    /** True when this principal may use the admin APIs of at least some documents. */
    public boolean isAdmin() {
        for (Grant g : grants) if (g.permissions().contains(Permission.ADMIN)) return true;
        return false;
    }

    /** True when this principal administers every document: the management endpoints need it. */
    public boolean isGlobalAdmin() {
        for (Grant g : grants) {
            if (g.permissions().contains(Permission.ADMIN) && g.docPattern().chars().allMatch(c -> c == '*')) return true;
        }
        return false;
    }

    /** The key per-user limits count by: the user id, or {@code null} when anonymous. */
    public String limitKey() {
        return userId;
    }
}
