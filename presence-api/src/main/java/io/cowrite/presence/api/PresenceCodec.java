package io.cowrite.presence.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The JSON form of presence: the records as JSON objects (component names as keys); events carry
 * {@code "kind": "join" | "cursor" | "leave"}. Unknown keys are ignored. Stateless and thread-safe.
 */
public final class PresenceCodec {
    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, false);

    public byte[] encode(Object value) {
        try {
            return mapper.writerFor(value instanceof PresenceEvent ? PresenceEvent.class : value.getClass()).writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decodes one message.
     *
     * @throws IllegalArgumentException when it is malformed or invalid (a missing field, a bad document id)
     */
    public <T> T decode(byte[] bytes, Class<T> type) {
        try {
            T value = mapper.readValue(bytes, type);
            if (value == null) throw new IllegalArgumentException("empty " + type.getSimpleName());
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && !(e.getCause() instanceof IOException)) throw iae;
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            String msg = String.valueOf(root.getMessage());
            int nl = msg.indexOf('\n');
            throw new IllegalArgumentException("malformed " + type.getSimpleName() + ": " + (nl < 0 ? msg : msg.substring(0, nl)), e);
        }
    }
}
