package io.cowrite.core.ot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of a {@link TextOp}, exactly as {@code ot-text-unicode} writes it: a positive integer
 * skips, a non-empty string inserts, {@code {"d": N}} or {@code {"d": "text"}} deletes.
 * Numbers are compared by value ({@code 3.0} is the skip 3); fractions, non-positive numbers and
 * values beyond 2^31-1 are rejected. Objects other than {@code {"d": ...}} are rejected (the package
 * ignores extra keys; Cowrite is stricter so that a stored op round-trips to the same JSON).
 *
 * <p>Stateless and thread-safe.
 */
public final class TextOpJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TextOpJson() {
    }

    /** Parses and checks an op from a JSON tree. Never throws anything but {@link OtException}. */
    public static TextOp fromJson(JsonNode node) throws OtException {
        if (node == null || !node.isArray()) throw new OtException(OtError.NOT_AN_ARRAY);
        List<Component> out = new ArrayList<>(node.size());
        for (JsonNode c : node) {
            out.add(component(c));
        }
        return TextOp.of(out);
    }

    /** Parses an op from JSON text; malformed JSON is {@link OtError#NOT_AN_ARRAY}. */
    public static TextOp parse(String json) throws OtException {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new OtException(OtError.NOT_AN_ARRAY, "Op is not valid JSON");
        }
        return fromJson(node);
    }

    private static Component component(JsonNode c) throws OtException {
        if (c.isNumber()) {
            return new Component.Skip(positiveInt(c, OtError.BAD_SKIP));
        }
        if (c.isTextual()) {
            String s = c.textValue();
            if (s.isEmpty()) throw new OtException(OtError.EMPTY_INSERT);
            return new Component.Insert(s);
        }
        if (c.isObject()) {
            JsonNode d = c.get("d");
            if (d == null || c.size() != 1) {
                throw new OtException(d == null ? OtError.BAD_DELETE : OtError.BAD_COMPONENT);
            }
            if (d.isTextual()) {
                if (d.textValue().isEmpty()) throw new OtException(OtError.EMPTY_DELETE);
                return new Component.DeleteText(d.textValue());
            }
            if (d.isNumber()) {
                if (!(d.doubleValue() > 0)) throw new OtException(OtError.EMPTY_DELETE);
                return new Component.Delete(positiveInt(d, OtError.BAD_DELETE));
            }
            throw new OtException(OtError.BAD_DELETE);
        }
        throw new OtException(OtError.BAD_COMPONENT);
    }

    private static int positiveInt(JsonNode n, OtError error) throws OtException {
        if (n.isIntegralNumber()) {
            if (!n.canConvertToInt() || n.intValue() <= 0) throw new OtException(error);
            return n.intValue();
        }
        double v = n.doubleValue();
        if (!(v > 0) || v != Math.rint(v) || v > Integer.MAX_VALUE) throw new OtException(error);
        return (int) v;
    }

    /** The op as a JSON tree. */
    public static ArrayNode toJson(TextOp op) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ArrayNode arr = f.arrayNode(op.size());
        for (Component c : op.components()) {
            switch (c) {
                case Component.Skip s -> arr.add(s.n());
                case Component.Insert i -> arr.add(i.text());
                case Component.Delete d -> {
                    ObjectNode o = arr.addObject();
                    o.put("d", d.n());
                }
                case Component.DeleteText d -> {
                    ObjectNode o = arr.addObject();
                    o.put("d", d.text());
                }
            }
        }
        return arr;
    }

    /** The op as compact JSON text, e.g. {@code [3,"hi",{"d":2}]}. */
    public static String toJsonString(TextOp op) {
        return toJson(op).toString();
    }
}
