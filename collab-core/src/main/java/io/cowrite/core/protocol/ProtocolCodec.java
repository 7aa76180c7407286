package io.cowrite.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.function.Predicate;

/**
 * Encodes and decodes protocol v1 frames (JSON text, one object per frame, discriminated by {@code type}).
 *
 * <p>Decoding is strict JSON: no trailing data, no duplicate keys, no NaN/Infinity, no comments, nesting at most
 * {@value #MAX_DEPTH} deep, numbers at most 100 digits. Integers are read by value ({@code 3.0} is 3; fractions
 * and out-of-range values are rejected). Unknown fields are ignored (forward compatibility); a JSON {@code null}
 * counts as an absent field. The decoders never throw: they return {@link Decoded.Failure}.
 *
 * <p>Stateless and thread-safe; create one and share it.
 */
public final class ProtocolCodec {
    /** Deepest JSON nesting accepted (v1 messages need 5). */
    public static final int MAX_DEPTH = 32;
    /** Default {@code maxChars}: 16 Mi UTF-16 code units. The WebSocket layer should bound frames far lower. */
    public static final int DEFAULT_MAX_CHARS = 16 * 1024 * 1024;

    private final int maxChars;
    private final ObjectMapper mapper;

    /** A codec accepting frames of up to {@link #DEFAULT_MAX_CHARS} characters. */
    public ProtocolCodec() {
        this(DEFAULT_MAX_CHARS);
    }

    /**
     * A codec accepting frames of up to {@code maxChars} UTF-16 code units; longer frames decode to
     * {@link ErrorCode#MESSAGE_TOO_BIG} without being parsed.
     */
    public ProtocolCodec(int maxChars) {
        if (maxChars < 1) throw new IllegalArgumentException("maxChars must be positive");
        this.maxChars = maxChars;
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxNumberLength(100)
                        .maxStringLength(Math.max(maxChars, 1))
                        .build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }

    /** The largest frame, in UTF-16 code units, this codec parses. */
    public int maxChars() {
        return maxChars;
    }

    /** Decodes a client frame. Never throws; a null or invalid frame gives a {@link Decoded.Failure}. */
    public Decoded<ClientMessage> decodeClient(String text) {
        return decode(text, ClientReader::isType, ClientReader::read);
    }

    /** Decodes a server frame (for Java clients and tests). Never throws. */
    public Decoded<ServerMessage> decodeServer(String text) {
        return decode(text, ServerReader::isType, ServerReader::read);
    }

    /** The frame for a server message: compact JSON, {@code type} first, absent optional fields omitted. */
    public String encode(ServerMessage message) {
        return write(MessageWriter.write(message));
    }

    /** The frame for a client message: compact JSON, {@code type} first, absent optional fields omitted. */
    public String encode(ClientMessage message) {
        return write(MessageWriter.write(message));
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a JSON tree", e);
        }
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(String type, JsonFields fields) throws FieldException;
    }

    private <T> Decoded<T> decode(String text, Predicate<String> isType, Reader<T> reader) {
        if (text == null) return fail(ErrorCode.INVALID_JSON, "Message is not a JSON object", null, null);
        if (text.length() > maxChars) {
            return fail(ErrorCode.MESSAGE_TOO_BIG, "Message is longer than " + maxChars + " characters", null, null);
        }
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (StreamConstraintsException e) {
            return fail(ErrorCode.INVALID_JSON, "Message breaks the JSON limits (nesting, number or string length)",
                    null, null);
        } catch (JsonProcessingException | RuntimeException | StackOverflowError e) {
            return fail(ErrorCode.INVALID_JSON, "Message is not valid JSON", null, null);
        }
        if (root == null || !root.isObject()) {
            return fail(ErrorCode.INVALID_JSON, "Message is not a JSON object", null, null);
        }
        JsonFields fields = new JsonFields(root, "");
        JsonNode typeNode = root.get("type");
        if (typeNode == null || typeNode.isNull()) {
            return failWith(ErrorCode.INVALID_FIELD, "Field 'type' is required", null, root);
        }
        if (!typeNode.isTextual()) {
            return failWith(ErrorCode.INVALID_FIELD, "Field 'type' must be a string", null, root);
        }
        String type = typeNode.textValue();
        if (!isType.test(type)) {
            return failWith(ErrorCode.UNKNOWN_TYPE, "Unknown message type", null, root);
        }
        try {
            return new Decoded.Ok<>(reader.read(type, fields));
        } catch (FieldException e) {
            Decoded.Failure<T> f = failWith(e.code(), e.getMessage(), type, root);
            return new Decoded.Failure<>(f.code(), f.message(), type, f.doc(), f.seq(), e.detail());
        } catch (IllegalArgumentException e) {
            return failWith(ErrorCode.INVALID_FIELD, String.valueOf(e.getMessage()), type, root);
        } catch (RuntimeException | StackOverflowError e) {
            return failWith(ErrorCode.INTERNAL, "Unexpected decoder fault: " + e.getClass().getSimpleName(),
                    type, root);
        }
    }

    private static <T> Decoded.Failure<T> fail(ErrorCode code, String message, DocId doc, Long seq) {
        return new Decoded.Failure<>(code, message, null, doc, seq, null);
    }

    /** A failure carrying the frame's doc and seq when they are readable, so the reply can be correlated. */
    private static <T> Decoded.Failure<T> failWith(ErrorCode code, String message, String type, JsonNode root) {
        DocId doc = null;
        Long seq = null;
        JsonNode d = root.get("doc");
        if (d != null && d.isTextual() && DocId.isValid(d.textValue())) doc = new DocId(d.textValue());
        JsonNode s = root.get("seq");
        if (s != null && s.isNumber()) {
            try {
                seq = JsonFields.toLong(s, "seq", 1, Protocol.MAX_SAFE_INTEGER);
            } catch (FieldException ignored) {
                // not a valid seq: leave it out
            }
        }
        return new Decoded.Failure<>(code, message, type, doc, seq, null);
    }
}
