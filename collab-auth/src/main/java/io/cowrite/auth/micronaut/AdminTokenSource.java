package io.cowrite.auth.micronaut;

/**
 * Where the open mode's admin token comes from when it is not configured: each service provides one
 * (history-service reads the cluster secret {@code admin-token} from PostgreSQL, editor nodes ask
 * history-service for it). Returns null while it is not known yet. Thread-safe.
 */
@FunctionalInterface
public interface AdminTokenSource {
    String token();
}
