package io.cowrite.history.api;

import java.util.List;

/** Asks for the head versions of many documents at once (one query, one round trip). */
public record HeadsRequest(List<String> docs) {
    public HeadsRequest {
        docs = List.copyOf(docs);
    }
}
