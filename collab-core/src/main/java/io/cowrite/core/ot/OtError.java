package io.cowrite.core.ot;

/**
 * Stable codes for every way an operation can be rejected. The codes are part of the wire protocol
 * (they travel inside {@code invalid_op} reply errors), so they are never renamed.
 */
public enum OtError {
    /** The op is not a JSON array. */
    NOT_AN_ARRAY("op_not_array", "Op must be an array of components"),
    /** A component is neither a skip, an insert nor a delete (e.g. {@code true}, {@code null}, {@code {}}). */
    BAD_COMPONENT("op_bad_component", "Component must be a positive integer, a non-empty string or {\"d\": N|\"text\"}"),
    /** A delete whose {@code d} is not a number or a string. */
    BAD_DELETE("op_bad_delete", "Delete must be number or string"),
    /** {@code {"d": 0}} or {@code {"d": ""}}. */
    EMPTY_DELETE("op_empty_delete", "Deletes must not be empty"),
    /** {@code ""}. */
    EMPTY_INSERT("op_empty_insert", "Inserts cannot be empty"),
    /** A skip that is zero, negative, fractional or beyond 2^31-1. */
    BAD_SKIP("op_bad_skip", "Skip components must be >0"),
    /** Two skips in a row. */
    ADJACENT_SKIPS("op_adjacent_skips", "Adjacent skip components should be combined"),
    /** The last component is a skip. */
    TRAILING_SKIP("op_trailing_skip", "Op has a trailing skip"),
    /** A string holds a lone UTF-16 surrogate, which is not a Unicode code point sequence. */
    ILL_FORMED_UTF16("op_ill_formed_utf16", "Strings must be well-formed UTF-16 (no lone surrogates)"),
    /**
     * An insert holds U+0000. ot-text-unicode accepts it, but PostgreSQL's {@code text} and {@code jsonb}
     * cannot store it, so Cowrite refuses it at the edge (protocol layer and history-service), never in storage.
     */
    NUL_CHARACTER("op_nul_character", "Text must not contain U+0000 (NUL)"),
    /** The op skips or deletes past the end of the document it is applied to. */
    TOO_LONG("op_too_long", "The op is too long for this document"),
    /** A {@code {"d": "text"}} delete names text the document does not hold at that position. */
    DELETE_MISMATCH("op_delete_mismatch", "Deleted text does not match the document"),
    /** {@link TextType#invert} on an op that still has {@code {"d": N}} deletes. */
    NOT_INVERTIBLE("op_not_invertible", "Cannot invert text op: deleted characters missing; call makeInvertible first"),
    /** A cursor selection that is not a number or a pair of numbers, or is negative. */
    BAD_SELECTION("op_bad_selection", "Invalid selection");

    private final String code;
    private final String message;

    OtError(String code, String message) {
        this.code = code;
        this.message = message;
    }

    /** The stable wire code, e.g. {@code op_trailing_skip}. */
    public String code() {
        return code;
    }

    /** A human-readable default message (clients must not parse it). */
    public String message() {
        return message;
    }
}
