package io.cowrite.presence;

/** A presence session's identity: one WebSocket session (its public id) in one document. */
record SessionKey(String doc, String session) {
}
