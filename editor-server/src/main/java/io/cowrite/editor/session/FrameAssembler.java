package io.cowrite.editor.session;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reassembles one connection's text message from its WebSocket fragments, bounded: the moment a
 * message grows past {@code maxBytes} it is refused, before more memory is spent on it (the
 * transport bounds single frames, not messages made of endless continuation frames). Invalid UTF-8
 * is refused too. Confined to the connection's I/O thread.
 */
public final class FrameAssembler {
    /** What became of a fragment. */
    public enum Status { INCOMPLETE, COMPLETE, TOO_BIG, NOT_UTF8, UNEXPECTED_CONTINUATION }

    private final int maxBytes;
    private byte[] buffer = new byte[0];
    private int size;
    private boolean inMessage;
    private String message;

    public FrameAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The first fragment of a text message ({@code fin} = it is also the last). */
    public Status text(byte[] data, boolean fin) {
        size = 0;
        inMessage = true;
        return append(data, fin);
    }

    /** A continuation fragment. */
    public Status continuation(byte[] data, boolean fin) {
        if (!inMessage) return Status.UNEXPECTED_CONTINUATION;
        return append(data, fin);
    }

    /** The message completed by the last call that returned {@link Status#COMPLETE}. */
    public String message() {
        return message;
    }

    private Status append(byte[] data, boolean fin) {
        if ((long) size + data.length > maxBytes) {
            reset();
            return Status.TOO_BIG;
        }
        if (size + data.length > buffer.length) {
            byte[] bigger = new byte[Math.min(maxBytes, Math.max(size + data.length, buffer.length * 2))];
            System.arraycopy(buffer, 0, bigger, 0, size);
            buffer = bigger;
        }
        System.arraycopy(data, 0, buffer, size, data.length);
        size += data.length;
        if (!fin) return Status.INCOMPLETE;
        try {
            message = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(buffer, 0, size)).toString();
            return Status.COMPLETE;
        } catch (CharacterCodingException e) {
            return Status.NOT_UTF8;
        } finally {
            reset();
        }
    }

    private void reset() {
        inMessage = false;
        size = 0;
        if (buffer.length > 64 * 1024) buffer = new byte[0]; // do not keep a large buffer per idle connection
    }
}
