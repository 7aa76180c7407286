package io.cowrite.history;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets shared by every node of a deployment, by name: the first request for a name creates a random
 * one (32 bytes, base64url) and every later request, from any replica, gets the same. Implementations:
 * {@link PostgresClusterSecrets} (production) and {@link InMemoryClusterSecrets} (tests and demos).
 * Thread-safe; blocking.
 */
public interface ClusterSecrets {

    /** The secret {@code name}, created if absent. Atomic across replicas: all callers see one value. */
    String getOrCreate(String name);

    /** The secret {@code name} if it exists; never creates it. */
    java.util.Optional<String> find(String name);

    /** A fresh random secret value. */
    static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
