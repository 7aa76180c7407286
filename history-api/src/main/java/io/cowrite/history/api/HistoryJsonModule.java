package io.cowrite.history.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.cowrite.core.ot.OtException;
import io.cowrite.core.ot.TextOp;
import io.cowrite.core.ot.TextOpJson;
import io.cowrite.core.protocol.ErrorCode;
import java.io.IOException;

/**
 * Jackson bindings of the core types the history vocabulary carries: {@link TextOp} as its
 * ot-text-unicode JSON (via {@link TextOpJson}) and {@link ErrorCode} as its stable wire code.
 */
final class HistoryJsonModule extends SimpleModule {

    HistoryJsonModule() {
        super("cowrite-history");
        addSerializer(ErrorCode.class, new JsonSerializer<>() {
            @Override
            public void serialize(ErrorCode code, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(code.code());
            }
        });
        addDeserializer(ErrorCode.class, new JsonDeserializer<>() {
            @Override
            public ErrorCode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String code = p.getValueAsString();
                return ErrorCode.fromCode(code).orElse(ErrorCode.INTERNAL); // a newer peer's code: treat as internal
            }
        });
        addSerializer(TextOp.class, new JsonSerializer<>() {
            @Override
            public void serialize(TextOp op, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeTree(TextOpJson.toJson(op));
            }
        });
        addDeserializer(TextOp.class, new JsonDeserializer<>() {
            @Override
            public TextOp deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonNode node = p.readValueAsTree();
                try {
                    return TextOpJson.fromJson(node);
                } catch (OtException e) {
                    return (TextOp) ctxt.handleWeirdStringValue(TextOp.class, String.valueOf(node),
                            "invalid op (%s)", e.error().code());
                }
            }
        });
    }
}
