package io.cowrite.history.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The bodies of the admin history API (docs/history-admin.md), as the controller writes them. Times are
 * ISO-8601 strings (UTC); character counts are code points. Null fields are written as {@code null}.
 */
public final class AdminViews {
    private AdminViews() {
    }

    /** One document of the list. */
    public record DocumentRow(String id, long headVersion, String createdAt, String updatedAt) {
    }

    /** A page of the list; {@code next} is the cursor of the following page, null on the last. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DocumentPage(List<DocumentRow> documents, String next) {
    }

    /** Someone who edited a document: how many ops, the latest when. The anonymous author is {@code ""}. */
    public record Editor(String author, long ops, String lastAt) {
    }

    /**
     * One document: {@code horizon} is the oldest version whose op is still stored (0 when nothing was
     * compacted), {@code milestones} how many full texts are stored, editors latest first.
     */
    public record DocumentDetail(String id, long headVersion, String createdAt, String updatedAt, long horizon,
                                 long milestones, List<Editor> editors) {
    }

    /**
     * Consecutive ops of one author, each less than the revision gap after the one before: they take the
     * text from version {@code from} to version {@code to} (exclusive), between {@code start} and {@code end}.
     */
    public record Revision(long from, long to, String author, String start, String end, long added, long removed,
                           long ops) {
    }

    /** A page of the timeline, newest first; {@code next} is the {@code before} of the following page. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Timeline(List<Revision> revisions, Long next) {
    }

    /** The text at {@code version}; {@code at} is when the op that made it was committed (null at version 0). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TextAt(long version, String text, String at) {
    }

    /**
     * A run of the diff: {@code equal} (author and version null), {@code insert} (who inserted it, in which
     * op) or {@code delete} (who deleted it, in which op).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Span(String kind, String text, String author, Long version) {
    }

    /** The text at {@code from} turned into the text at {@code to}. */
    public record Diff(long from, long to, List<Span> spans) {
    }
}
