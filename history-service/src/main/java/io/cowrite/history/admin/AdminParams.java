package io.cowrite.history.admin;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parsing of query parameters: a bad one is {@link AdminException.Kind#INVALID_REQUEST}, never a stack trace. */
final class AdminParams {
    private AdminParams() {
    }

    /** {@code value} as a long in [min, max], or {@code absent} when it is null or empty. */
    static long longIn(String name, String value, long absent, long min, long max) {
        if (value == null || value.isEmpty()) return absent;
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw AdminException.invalid(name + " must be a whole number");
        }
        if (n < min || n > max) throw AdminException.invalid(name + " must be between " + min + " and " + max);
        return n;
    }

    /** An ISO-8601 instant with an offset ({@code 2026-11-30T12:00:00Z}, {@code 2026-11-30T13:00:00+01:00}). */
    static Instant instant(String name, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw AdminException.invalid(name + " must be an ISO-8601 time with an offset, like 2026-11-30T12:00:00Z");
        }
    }
}
