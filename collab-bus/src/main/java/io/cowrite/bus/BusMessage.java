package io.cowrite.bus;

import java.util.Objects;

/**
 * A message delivered by a {@link Bus}: its subject, its payload bytes, and, for a request, the way to
 * answer it. Immutable apart from the payload array, which handlers must not modify.
 */
public final class BusMessage {

    /** Sends a reply on behalf of a bus implementation. */
    @FunctionalInterface
    public interface Responder {
        void respond(String replyTo, byte[] payload);
    }

    private final String subject;
    private final byte[] payload;
    private final String replyTo;
    private final Responder responder;

    public BusMessage(String subject, byte[] payload, String replyTo, Responder responder) {
        this.subject = Objects.requireNonNull(subject, "subject");
        this.payload = payload == null ? new byte[0] : payload;
        this.replyTo = replyTo;
        this.responder = responder;
    }

    public String subject() {
        return subject;
    }

    /** The payload as sent (never null; empty when the sender sent none). */
    public byte[] payload() {
        return payload;
    }

    /** The reply subject of a request, or {@code null} for a plain publish. */
    public String replyTo() {
        return replyTo;
    }

    public boolean isRequest() {
        return replyTo != null;
    }

    /**
     * Answers a request. At most one answer counts: the requester completes on the first one and
     * ignores later ones. Does nothing for a plain publish. May be called from any thread.
     */
    public void respond(byte[] reply) {
        if (replyTo != null && responder != null) {
            responder.respond(replyTo, reply);
        }
    }
}
