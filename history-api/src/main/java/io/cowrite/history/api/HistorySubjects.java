package io.cowrite.history.api;

import java.util.regex.Pattern;

/**
 * Subject names, all under one configurable prefix (default {@code cowrite}), so that several
 * deployments or test runs can share one NATS server without hearing each other.
 *
 * <ul>
 *   <li>{@code <prefix>.doc.<docId>}: committed batches of one document (published by its owner)</li>
 *   <li>{@code <prefix>.shard.<n>.submit}: submits to the owner of shard {@code n} (no queue group: only
 *       the owner subscribes; see {@link ShardMap})</li>
 *   <li>{@code <prefix>.heads.<n>}: head heartbeats of shard {@code n}, published by its owner</li>
 *   <li>{@code <prefix>.history.load|range|heads|secret}: reads, served by any replica (queue group
 *       {@code history})</li>
 * </ul>
 */
public record HistorySubjects(String prefix) {

    public static final String DEFAULT_PREFIX = "cowrite";
    /** The queue group every history-service replica joins, so each request reaches exactly one. */
    public static final String HISTORY_QUEUE = "history";

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern DOC_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    public HistorySubjects {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Bad subject prefix: " + prefix);
        }
    }

    public static HistorySubjects defaults() {
        return new HistorySubjects(DEFAULT_PREFIX);
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

    /** Submits to the owner of {@code shard}. */
    public String shardSubmit(int shard) {
        return prefix + ".shard." + shard + ".submit";
    }

    /** Head heartbeats of {@code shard}. */
    public String heads(int shard) {
        return prefix + ".heads." + shard;
    }

    /** Head heartbeats of every shard (a wildcard). */
    public String allHeads() {
        return prefix + ".heads.*";
    }

    public String historyLoad() {
        return prefix + ".history.load";
    }

    public String historyRange() {
        return prefix + ".history.range";
    }

    /** Head versions of many documents in one request. */
    public String historyHeads() {
        return prefix + ".history.heads";
    }

    /** The cluster secrets RPC (served by history-service from PostgreSQL): editor nodes share keys through it. */
    public String historySecret() {
        return prefix + ".history.secret";
    }
}
