package io.cowrite.history.api;

import java.util.Map;

/** Head versions by document; a document never written has head 0 and may be absent. */
public record HeadsResult(Map<String, Long> heads) {
    public HeadsResult {
        heads = Map.copyOf(heads);
    }
}
