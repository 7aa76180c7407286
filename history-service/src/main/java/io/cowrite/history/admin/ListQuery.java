package io.cowrite.history.admin;

import io.cowrite.core.protocol.DocId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A request for a page of the document list, validated: every filter optional, {@code limit} 1..200,
 * and the position after which the page starts (from the opaque cursor of the page before).
 *
 * @param prefix       ids starting with this ({@code null}: any)
 * @param editor       documents this author edited ({@code null}: any)
 * @param activeAfter  last activity strictly after this ({@code null}: any)
 * @param activeBefore last activity strictly before this ({@code null}: any)
 * @param after        the last row of the page before ({@code null}: the first page)
 */
public record ListQuery(String prefix, String editor, Instant activeAfter, Instant activeBefore, int limit, Position after) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final int MAX_EDITOR_LENGTH = 256;

    /** A row's place in the order (updated_at descending, then id ascending); updated_at in microseconds. */
    public record Position(long updatedMicros, String id) {
        /** The opaque cursor: base64url of {@code micros:id}. */
        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((updatedMicros + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Position decode(String cursor) {
            try {
                String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int colon = s.indexOf(':');
                Position p = new Position(Long.parseLong(s.substring(0, colon)), s.substring(colon + 1));
                if (!DocId.isValid(p.id())) throw AdminException.invalid("bad cursor");
                return p;
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw AdminException.invalid("bad cursor");
            }
        }
    }

    /** Parses the list's query parameters (any may be null); {@link AdminException} INVALID_REQUEST when one is bad. */
    public static ListQuery parse(String prefix, String editor, String activeAfter, String activeBefore, String limit,
                                  String cursor) {
        String p = blankToNull(prefix);
        if (p != null && !DocId.isValid(p)) throw AdminException.invalid("prefix is 1-128 characters of [A-Za-z0-9_-]");
        String e = blankToNull(editor);
        if (e != null && (e.length() > MAX_EDITOR_LENGTH || e.chars().anyMatch(Character::isISOControl))) {
            throw AdminException.invalid("editor is at most 256 characters without control characters");
        }
        return new ListQuery(p, e, instant("activeAfter", activeAfter), instant("activeBefore", activeBefore),
                (int) AdminParams.longIn("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
                blankToNull(cursor) == null ? null : Position.decode(cursor));
    }

    private static Instant instant(String name, String value) {
        if (blankToNull(value) == null) return null;
        return AdminParams.instant(name, value);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
