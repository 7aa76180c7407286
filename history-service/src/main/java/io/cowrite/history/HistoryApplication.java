package io.cowrite.history;

import io.micronaut.runtime.Micronaut;

/** Starts history-service on its own (distributed mode): HTTP (health), the datasource and Flyway, the bus, and the bus endpoint. */
public final class HistoryApplication {
    private HistoryApplication() {
    }

    public static void main(String[] args) {
        // Its settings live in application-history.yml, so the single-process jar can carry every service's.
        Micronaut.build(args).mainClass(HistoryApplication.class).environments("history").start();
    }
}
