package io.cowrite.presence;

import io.micronaut.runtime.Micronaut;

/** Starts presence-service on its own (distributed mode): HTTP (health, the presence API), the bus and the bus endpoint. */
public final class PresenceApplication {
    private PresenceApplication() {
    }

    public static void main(String[] args) {
        // Its settings live in application-presence.yml, so a single-process jar can carry every service's.
        Micronaut.build(args).mainClass(PresenceApplication.class).environments("presence").start();
    }
}
