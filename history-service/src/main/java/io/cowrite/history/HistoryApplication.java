package io.cowrite.history;

import io.micronaut.runtime.Micronaut;

/** Starts history-service: HTTP (health), the datasource and Flyway, the bus, and the bus endpoint. */
public final class HistoryApplication {
    private HistoryApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(HistoryApplication.class, args);
    }
}
