package io.cowrite.presence;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How much presence there is: totals, every node this replica knows, and the documents with the most
 * sessions. Thread-safe (immutable).
 *
 * @param warm         false while the replica has not heard every node yet (started or reconnected less than
 *                     {@code node-ttl} ago): the figures may then be short
 * @param sessions     sessions in all documents
 * @param documents    documents with at least one session
 * @param nodes        every node known, by name: alive ones, and dead ones for a while after they went silent
 * @param topDocuments the documents with the most sessions, most first, at most the limit asked for
 */
@JsonInclude(JsonInclude.Include.ALWAYS) // the JSON of GET /presence/counts: "nodes": [] rather than nothing
public record PresenceCounts(boolean warm, int sessions, int documents, List<NodeCount> nodes,
                             List<DocumentCount> topDocuments) {
    public PresenceCounts {
        nodes = List.copyOf(nodes);
        topDocuments = List.copyOf(topDocuments);
    }

    /**
     * @param node         the editor node's name
     * @param alive        false once it was silent for longer than {@code node-ttl} (its sessions were expired)
     * @param sessions     its sessions, in all documents
     * @param silentMillis how long ago it was last heard (a heartbeat or an event of one of its sessions)
     */
    public record NodeCount(String node, boolean alive, int sessions, long silentMillis) {
    }

    /**
     * @param doc      a document
     * @param sessions its sessions, on every node
     */
    public record DocumentCount(String doc, int sessions) {
    }
}
