package io.cowrite.history.api;

import java.util.Objects;

/**
 * Asks history-service for the cluster secret named {@code name} (e.g. {@code identity}), created at
 * random and stored in PostgreSQL on first request, so every node of a deployment gets the same one.
 */
public record SecretRequest(String name) {
    public SecretRequest {
        Objects.requireNonNull(name, "name");
    }
}
