package io.cowrite.bus.history;

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
import java.io.IOException;

/** Jackson binding of {@link TextOp} to its ot-text-unicode JSON form (via {@link TextOpJson}). */
final class TextOpModule extends SimpleModule {

    TextOpModule() {
        super("cowrite-text-op");
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
