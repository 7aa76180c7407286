package io.cowrite.history.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The JSON form of the history vocabulary. Requests and {@link CommittedBatch} are the records as JSON
 * objects (record component names as keys, ops in ot-text-unicode form). Replies are an envelope:
 * {@code {"ok": <result>}} or {@code {"error": {"code", "message", "retryable"}}}. Unknown keys are
 * ignored, so fields can be added without breaking older peers.
 *
 * <p>Stateless and thread-safe.
 */
public final class HistoryCodec {
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new HistoryJsonModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    /** Encodes a request, a result or a {@link CommittedBatch}. */
    public byte[] encode(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decodes a request or a {@link CommittedBatch}.
     *
     * @throws HistoryException.Rejected with {@link HistoryError#BAD_REQUEST} when malformed
     */
    public <T> T decode(byte[] bytes, Class<T> type) {
        try {
            T value = mapper.readValue(bytes, type);
            if (value == null) throw new HistoryException.Rejected(HistoryError.BAD_REQUEST, "Empty " + type.getSimpleName());
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof HistoryException h) throw h;
            throw new HistoryException.Rejected(HistoryError.BAD_REQUEST, "Malformed " + type.getSimpleName() + ": " + firstLine(e));
        }
    }

    /** A success reply carrying {@code result}. */
    public byte[] encodeOk(Object result) {
        ObjectNode envelope = mapper.createObjectNode();
        envelope.set("ok", mapper.valueToTree(result));
        return encode(envelope);
    }

    /** An error reply. */
    public byte[] encodeError(HistoryError error) {
        ObjectNode envelope = mapper.createObjectNode();
        envelope.set("error", mapper.valueToTree(error));
        return encode(envelope);
    }

    /**
     * Decodes a reply envelope.
     *
     * @throws HistoryException the error of an error reply ({@link HistoryException#of}), or
     *         {@link HistoryException.Rejected} with {@link HistoryError#BAD_REQUEST} for a malformed reply
     */
    public <T> T decodeReply(byte[] bytes, Class<T> type) {
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (IOException e) {
            throw new HistoryException.Rejected(HistoryError.BAD_REQUEST, "Malformed reply: " + firstLine(e));
        }
        if (root != null && root.hasNonNull("error")) {
            throw HistoryException.of(treeToValue(root.get("error"), HistoryError.class));
        }
        if (root == null || !root.hasNonNull("ok")) {
            throw new HistoryException.Rejected(HistoryError.BAD_REQUEST, "Reply has neither ok nor error");
        }
        return treeToValue(root.get("ok"), type);
    }

    private <T> T treeToValue(JsonNode node, Class<T> type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (IOException | RuntimeException e) {
            throw new HistoryException.Rejected(HistoryError.BAD_REQUEST, "Malformed " + type.getSimpleName() + ": " + firstLine(e));
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
