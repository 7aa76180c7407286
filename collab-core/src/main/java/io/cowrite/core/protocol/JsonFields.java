package io.cowrite.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextOpJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed, validating access to the fields of one JSON object. A JSON {@code null} counts as absent. Integers are
 * read by value: {@code 3}, {@code 3.0} and {@code 30e-1} are 3; fractions, non-numbers and values out of range
 * are rejected. Every failure is a {@link FieldException} naming the field by its path (e.g. {@code ops[2].seq}).
 */
final class JsonFields {
    private final JsonNode obj;
    private final String prefix;

    JsonFields(JsonNode obj, String prefix) {
        this.obj = obj;
        this.prefix = prefix;
    }

    String path(String field) {
        return prefix + field;
    }

    JsonNode opt(String field) {
        JsonNode n = obj.get(field);
        return n == null || n.isNull() ? null : n;
    }

    JsonNode req(String field) throws FieldException {
        JsonNode n = opt(field);
        if (n == null) throw invalid("Field '" + path(field) + "' is required");
        return n;
    }

    long integer(String field, long min, long max) throws FieldException {
        return toLong(req(field), path(field), min, max);
    }

    Long optInteger(String field, long min, long max) throws FieldException {
        JsonNode n = opt(field);
        return n == null ? null : toLong(n, path(field), min, max);
    }

    int int32(String field, int min, int max) throws FieldException {
        return (int) integer(field, min, max);
    }

    long version(String field) throws FieldException {
        return integer(field, 0, Protocol.MAX_SAFE_INTEGER);
    }

    long seq(String field) throws FieldException {
        return integer(field, 1, Protocol.MAX_SAFE_INTEGER);
    }

    boolean bool(String field) throws FieldException {
        JsonNode n = req(field);
        if (!n.isBoolean()) throw invalid("Field '" + path(field) + "' must be a boolean");
        return n.booleanValue();
    }

    /** An optional boolean: false when absent. */
    boolean optBool(String field) throws FieldException {
        JsonNode n = opt(field);
        if (n == null) return false;
        if (!n.isBoolean()) throw invalid("Field '" + path(field) + "' must be a boolean");
        return n.booleanValue();
    }

    String string(String field, int max) throws FieldException {
        return checkText(req(field), path(field), max);
    }

    String optString(String field, int max) throws FieldException {
        JsonNode n = opt(field);
        return n == null ? null : checkText(n, path(field), max);
    }

    String nonEmpty(String field, int max) throws FieldException {
        String s = string(field, max);
        if (s.isEmpty()) throw invalid("Field '" + path(field) + "' must not be empty");
        return s;
    }

    String name(String field) throws FieldException {
        return string(field, Protocol.MAX_NAME_LENGTH);
    }

    String clientId(String field) throws FieldException {
        JsonNode n = req(field);
        if (!n.isTextual() || !Protocol.isValidClientId(n.textValue())) {
            throw invalid("Field '" + path(field) + "' must be 1-64 characters of [A-Za-z0-9_-]");
        }
        return n.textValue();
    }

    String optClientId(String field) throws FieldException {
        return opt(field) == null ? null : clientId(field);
    }

    String resume(String field) throws FieldException {
        req(field);
        return optResume(field);
    }

    String optResume(String field) throws FieldException {
        JsonNode n = opt(field);
        if (n == null) return null;
        if (!n.isTextual() || !Protocol.isValidResume(n.textValue())) {
            throw invalid("Field '" + path(field) + "' must be 1-" + Protocol.MAX_RESUME_LENGTH
                    + " characters of [A-Za-z0-9_-]");
        }
        return n.textValue();
    }

    String session(String field) throws FieldException {
        JsonNode n = req(field);
        if (!n.isTextual() || !Protocol.isValidSessionId(n.textValue())) {
            throw invalid("Field '" + path(field) + "' must be 1-" + Protocol.MAX_SESSION_ID_LENGTH
                    + " characters of [A-Za-z0-9_-]");
        }
        return n.textValue();
    }

    String color(String field) throws FieldException {
        JsonNode n = req(field);
        if (!n.isTextual() || !Protocol.isColor(n.textValue())) {
            throw invalid("Field '" + path(field) + "' must be a color #rrggbb");
        }
        return n.textValue();
    }

    DocId doc(String field) throws FieldException {
        JsonNode n = req(field);
        if (!n.isTextual() || !DocId.isValid(n.textValue())) {
            throw new FieldException(ErrorCode.INVALID_DOC_ID,
                    "Field '" + path(field) + "' must be 1-128 characters of [A-Za-z0-9_-]");
        }
        return new DocId(n.textValue());
    }

    TextOp op(String field) throws FieldException {
        JsonNode n = req(field);
        try {
            TextOp op = TextOpJson.fromJson(n);
            if (!Protocol.isStorable(op)) throw new OtException(io.cowrite.core.ot.OtError.NUL_CHARACTER);
            return op;
        } catch (OtException e) {
            throw new FieldException(ErrorCode.INVALID_OP,
                    "Field '" + path(field) + "' is not a valid op: " + e.getMessage(), e.error().code());
        }
    }

    /** A ping id: an integer 0..2^53-1 or a string of at most 64 code units; null when absent. */
    Object pingId(String field) throws FieldException {
        JsonNode n = opt(field);
        if (n == null) return null;
        if (n.isTextual()) return checkText(n, path(field), Protocol.MAX_PING_ID_LENGTH);
        if (n.isNumber()) return toLong(n, path(field), 0, Protocol.MAX_SAFE_INTEGER);
        throw invalid("Field '" + path(field) + "' must be an integer or a string");
    }

    JsonFields object(String field) throws FieldException {
        JsonNode n = req(field);
        if (!n.isObject()) throw invalid("Field '" + path(field) + "' must be an object");
        return new JsonFields(n, path(field) + ".");
    }

    /** An array whose elements must all be objects. */
    List<JsonFields> objects(String field) throws FieldException {
        JsonNode n = req(field);
        if (!n.isArray()) throw invalid("Field '" + path(field) + "' must be an array");
        List<JsonFields> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            String p = path(field) + "[" + i + "]";
            if (!e.isObject()) throw invalid("Field '" + p + "' must be an object");
            out.add(new JsonFields(e, p + "."));
        }
        return out;
    }

    static long toLong(JsonNode n, String path, long min, long max) throws FieldException {
        if (!n.isNumber()) throw invalid("Field '" + path + "' must be an integer");
        String range = Check.rangeMessage(path, min, max);
        if (n.isIntegralNumber()) {
            if (!n.canConvertToLong()) throw invalid(range);
            long v = n.longValue();
            if (v < min || v > max) throw invalid(range);
            return v;
        }
        if ((n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue())) throw invalid(range);
        BigDecimal d = n.decimalValue();
        if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw invalid(range);
        }
        if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
            throw invalid("Field '" + path + "' must be an integer, not a fraction");
        }
        return d.longValue();
    }

    private static String checkText(JsonNode n, String path, int max) throws FieldException {
        if (!n.isTextual()) throw invalid("Field '" + path + "' must be a string");
        String s = n.textValue();
        if (s.length() > max) throw invalid("Field '" + path + "' must be at most " + max + " characters");
        if (!Protocol.isWellFormed(s)) throw invalid("Field '" + path + "' must not contain lone surrogates");
        if (s.indexOf('\u0000') >= 0) throw invalid("Field '" + path + "' must not contain U+0000");
        return s;
    }

    static FieldException invalid(String message) {
        return new FieldException(ErrorCode.INVALID_FIELD, message);
    }
}
