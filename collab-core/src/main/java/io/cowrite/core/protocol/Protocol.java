package io.cowrite.core.protocol;

/**
 * Constants and identifier rules of wire protocol v1 (see {@code docs/protocol.md}).
 *
 * <p>Stateless and thread-safe.
 */
public final class Protocol {
    /** The protocol version this code speaks; a {@code hello} asking for another version is closed with 4500. */
    public static final int VERSION = 1;
    /** 2^53-1, the largest integer a JavaScript number holds exactly; the bound of versions, seqs and times. */
    public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;
    /** Longest client id, in characters of {@code [A-Za-z0-9_-]}. */
    public static final int MAX_CLIENT_ID_LENGTH = 64;
    /** Longest resume secret ({@code hello.resume}, {@code welcome.resume}), in characters of {@code [A-Za-z0-9_-]}. */
    public static final int MAX_RESUME_LENGTH = 128;
    /** Longest session id ({@code welcome.sessionId}, presence and cursor {@code session}), {@code [A-Za-z0-9_-]}. */
    public static final int MAX_SESSION_ID_LENGTH = 64;
    /** Longest display name ({@code name}, {@code author}), in UTF-16 code units (JavaScript string length). */
    public static final int MAX_NAME_LENGTH = 64;
    /** Longest {@code hello.token}, in UTF-16 code units. */
    public static final int MAX_TOKEN_LENGTH = 4096;
    /** Longest string {@code ping.id}, in UTF-16 code units. */
    public static final int MAX_PING_ID_LENGTH = 64;
    /** Longest free-form short string (session id, node, reason, detail, url), in UTF-16 code units. */
    public static final int MAX_SHORT_TEXT = 1024;
    /** Longest error {@code message}, in UTF-16 code units. */
    public static final int MAX_ERROR_MESSAGE = 4096;

    private Protocol() {
    }

    /** True when {@code s} is 1–64 characters of {@code [A-Za-z0-9_-]}. */
    public static boolean isValidClientId(String s) {
        return isToken(s, MAX_CLIENT_ID_LENGTH);
    }

    /** True when {@code s} is 1–128 characters of {@code [A-Za-z0-9_-]}. */
    public static boolean isValidResume(String s) {
        return isToken(s, MAX_RESUME_LENGTH);
    }

    /** True when {@code s} is 1–64 characters of {@code [A-Za-z0-9_-]}. */
    public static boolean isValidSessionId(String s) {
        return isToken(s, MAX_SESSION_ID_LENGTH);
    }

    /** True when {@code s} is 1–{@code max} characters of {@code [A-Za-z0-9_-]}. */
    static boolean isToken(String s, int max) {
        if (s == null || s.isEmpty() || s.length() > max) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-';
            if (!ok) return false;
        }
        return true;
    }

    /** True when {@code s} has no lone UTF-16 surrogate (it is a sequence of Unicode code points). */
    public static boolean isWellFormed(String s) {
        return io.cowrite.core.ot.TextOp.isWellFormed(s);
    }

    /**
     * True when {@code s} can be stored: well-formed and free of U+0000, which PostgreSQL's {@code text}
     * and {@code jsonb} cannot hold. Every string that may reach storage (op inserts, names) must pass.
     */
    public static boolean isStorable(String s) {
        return s.indexOf('\u0000') < 0 && isWellFormed(s);
    }

    /** True when no insert or delete text of {@code op} holds U+0000 (see {@link #isStorable}). */
    public static boolean isStorable(io.cowrite.core.ot.TextOp op) {
        for (io.cowrite.core.ot.Component c : op.components()) {
            String text = switch (c) {
                case io.cowrite.core.ot.Component.Insert i -> i.text();
                case io.cowrite.core.ot.Component.DeleteText d -> d.text();
                default -> null;
            };
            if (text != null && text.indexOf('\u0000') >= 0) return false;
        }
        return true;
    }

    /** True when {@code s} is a color {@code #rrggbb} (hex digits, either case). */
    public static boolean isColor(String s) {
        if (s == null || s.length() != 7 || s.charAt(0) != '#') return false;
        for (int i = 1; i < 7; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) return false;
        }
        return true;
    }
}
