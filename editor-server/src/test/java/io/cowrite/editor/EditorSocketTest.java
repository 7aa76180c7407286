package io.cowrite.editor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.zip.DataFormatException;
import org.junit.jupiter.api.Test;

/** How a decoder's refusal maps to a close code: too big is 4503, a corrupt stream or framing is 1002. */
class EditorSocketTest {

    @Test
    void theInflatersBoundIsTooBigButACorruptStreamIsNot() {
        assertTrue(EditorSocket.isTooBig(new DecompressionException("Decompression buffer has reached maximum size: 65536")));
        assertTrue(EditorSocket.isTooBig(new TooLongFrameException("frame")));
        assertFalse(EditorSocket.isTooBig(new DecompressionException("decompression failure",
                new DataFormatException("invalid block type"))));
        assertFalse(EditorSocket.isTooBig(new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR, "unmasked")));
    }
}
