package io.cowrite.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a grant allows on a document: {@code read} (its text and live ops, cursors, presence),
 * {@code write} (submit ops; implies read), {@code admin} (its history: inspect, restore, undo an author;
 * implies read and write).
 */
public enum Permission {
    READ, WRITE, ADMIN;

    /** The wire name, as in tokens: {@code read}, {@code write}, {@code admin}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Permission> fromWire(String s) {
        for (Permission p : values()) if (p.wire().equals(s)) return Optional.of(p);
        return Optional.empty();
    }

    /** True when holding {@code this} allows {@code wanted}. */
    public boolean allows(Permission wanted) {
        return ordinal() >= wanted.ordinal();
    }
}
