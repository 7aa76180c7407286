package io.cowrite.bus;

import java.util.regex.Pattern;

/**
 * Subject names, all under one configurable prefix (default {@code cowrite}), so that several
 * deployments or test runs can share one NATS server without hearing each other.
 *
 * <ul>
 *   <li>{@code <prefix>.doc.<docId>}: committed ops of one document (published by history-service)</li>
 *   <li>{@code <prefix>.history.append|load|range|head}: history RPCs (queue group {@code history})</li>
 * </ul>
 */
public record Subjects(String prefix) {

    public static final String DEFAULT_PREFIX = "cowrite";
    /** The queue group every history-service replica joins, so each request reaches exactly one. */
    public static final String HISTORY_QUEUE = "history";

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern DOC_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    public Subjects {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Bad subject prefix: " + prefix);
        }
    }

    public static Subjects defaults() {
        return new Subjects(DEFAULT_PREFIX);
    }

    /** True when {@code docId} is a valid document id ({@code [A-Za-z0-9_-]{1,128}}). */
    public static boolean isValidDocId(String docId) {
        return docId != null && DOC_ID.matcher(docId).matches();
    }

    /** The subject of a document's committed ops. Rejects ids that are not valid subject tokens. */
    public String doc(String docId) {
        if (!isValidDocId(docId)) throw new IllegalArgumentException("Bad document id");
        return prefix + ".doc." + docId;
    }

    public String historyAppend() {
        return prefix + ".history.append";
    }

    public String historyLoad() {
        return prefix + ".history.load";
    }

    public String historyRange() {
        return prefix + ".history.range";
    }

    public String historyHead() {
        return prefix + ".history.head";
    }
}
