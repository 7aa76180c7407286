package io.cowrite.editor;

import io.cowrite.core.protocol.CloseCode;
import io.cowrite.core.protocol.ProtocolCodec;
import io.cowrite.editor.doc.DocumentRegistry;
import io.cowrite.editor.session.ClientSession;
import io.cowrite.editor.session.SessionLimits;
import io.cowrite.editor.session.SessionRegistry;
import io.cowrite.editor.session.Transport;
import io.micronaut.http.HttpRequest;
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
    /** Transport-level cap; the configured {@code max-message-bytes} (lower) is enforced by the codec. */
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

    @OnMessage(maxPayloadLength = MAX_FRAME)
    public void onMessage(String frame, WebSocketSession session) {
        session.get(KEY, ClientSession.class).ifPresent(c -> c.onText(frame));
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
