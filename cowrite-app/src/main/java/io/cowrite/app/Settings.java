package io.cowrite.app;

import java.util.Locale;

/**
 * Reads a setting the way Micronaut does (system property {@code a.b-c}, else environment variable
 * {@code A_B_C}) so the launcher can decide things before the application context exists.
 */
final class Settings {
    private Settings() {
    }

    static String get(String key) {
        String v = System.getProperty(key);
        if (v == null || v.isBlank()) v = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        return v == null || v.isBlank() ? null : v;
    }

    /** Sets a system property unless the user configured the key already. */
    static void defaultTo(String key, String value) {
        if (get(key) == null) System.setProperty(key, value);
    }
}
