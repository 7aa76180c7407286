package io.cowrite.presence.api;

/** presence-service's beacon: a replica is up and its registry is complete (it heard every node). */
public record Alive(String replica) {
    public Alive {
        if (replica == null || replica.isEmpty()) throw new IllegalArgumentException("replica is required");
    }
}
