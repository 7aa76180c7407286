package io.cowrite.presence.api;

/** The NATS subjects of presence, under the deployment's prefix (docs/presence.md). */
public final class PresenceSubjects {
    /** presence-service's queue group: one replica answers each roster request. */
    public static final String QUEUE = "presence";

    private final String prefix;

    public PresenceSubjects(String prefix) {
        this.prefix = prefix;
    }

    /** The events of one document. */
    public String doc(String docId) {
        return prefix + ".presence.doc." + docId;
    }

    /** The events of every document (presence-service). */
    public String allDocs() {
        return prefix + ".presence.doc.*";
    }

    /** Node heartbeats. */
    public String nodes() {
        return prefix + ".presence.nodes";
    }

    /** Roster requests. */
    public String roster() {
        return prefix + ".presence.roster";
    }

    /** presence-service's availability beacon. */
    public String alive() {
        return prefix + ".presence.alive";
    }
}
