package io.cowrite.history;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ClusterSecrets} in memory: lost on restart, so not fit for production (clients' resume secrets break). */
public final class InMemoryClusterSecrets implements ClusterSecrets {
    private final Map<String, String> secrets = new ConcurrentHashMap<>();

    @Override
    public java.util.Optional<String> find(String name) {
        return java.util.Optional.ofNullable(secrets.get(name));
    }

    @Override
    public String getOrCreate(String name) {
        return secrets.computeIfAbsent(name, n -> ClusterSecrets.random());
    }
}
