package io.cowrite.editor;

import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.editor.doc.DocumentRegistry;
import io.cowrite.editor.session.ClientSession;
import io.cowrite.editor.session.SessionLimits;
import io.cowrite.editor.session.SessionRegistry;
import io.cowrite.editor.session.Transport;
import io.micronaut.http.HttpRequest;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnError;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import jakarta.inject.Named;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The protocol v1 endpoint. Thin: it adapts Micronaut's session to {@link ClientSession} and delegates. */
@ServerWebSocket("/ws")
public class EditorSocket {
    private static final Logger LOG = LoggerFactory.getLogger(EditorSocket.class);
    private static final String KEY = "cowrite.session";
    /** Transport cap on one frame; the configured {@code max-message-bytes} bounds whole messages (FrameAssembler). */
    static final int MAX_FRAME = 16 * 1024 * 1024;

    private final ProtocolCodec codec;
    private final DocumentRegistry registry;
    private final SessionRegistry sessions;
    private final SessionLimits limits;
    private final EditorConfig config;
    private final EditorFactory.NodeIdentity node;
    private final ScheduledExecutorService timers;

    public EditorSocket(ProtocolCodec codec, DocumentRegistry registry, SessionRegistry sessions, SessionLimits limits,
                        EditorConfig config,
                        EditorFactory.NodeIdentity node, @Named("cowrite-timers") ScheduledExecutorService timers) {
        this.codec = codec;
        this.registry = registry;
        this.sessions = sessions;
        this.limits = limits;
        this.config = config;
        this.node = node;
        this.timers = timers;
    }

    @OnOpen
    public void onOpen(WebSocketSession session, HttpRequest<?> request) {
        String address = request.getRemoteAddress().getAddress().getHostAddress();
        Transport transport = new MicronautTransport(session, address);
        ClientSession client = new ClientSession(transport, codec, registry, sessions, limits, UUID.randomUUID().toString(),
                node.id(), timers, config.maxDocLength());
        session.put(KEY, client);
    }

    /**
     * Raw frames, so that binary frames are told apart (protocol v1 is text only: close 4502) and a
     * message's fragments are reassembled with a bound on the whole message, not only on each frame.
     */
    @OnMessage(maxPayloadLength = MAX_FRAME)
    public void onMessage(WebSocketFrame frame, WebSocketSession session) {
        try {
            ClientSession client = session.get(KEY, ClientSession.class).orElse(null);
            if (client == null) return;
            byte[] data = ByteBufUtil.getBytes(frame.content());
            switch (frame) {
                case TextWebSocketFrame t -> client.onFragment(true, data, t.isFinalFragment());
                case ContinuationWebSocketFrame c -> client.onFragment(false, data, c.isFinalFragment());
                case BinaryWebSocketFrame b -> client.onBinary();
                default -> {
                }
            }
        } finally {
            frame.release();
        }
    }

    @OnClose
    public void onClose(WebSocketSession session) {
        session.get(KEY, ClientSession.class).ifPresent(ClientSession::onClosed);
    }

    @OnError
    public void onError(WebSocketSession session, Throwable error) {
        LOG.debug("websocket error on {}: {}", session.getId(), error.toString());
    }

    private record MicronautTransport(WebSocketSession session, String remoteAddress) implements Transport {
        @Override
        public CompletionStage<?> send(String frame) {
            return session.sendAsync(frame);
        }

        @Override
        public void close(CloseCode code) {
            if (session.isOpen()) session.close(new CloseReason(code.code(), code.reason()));
        }
    }
}
