package io.cowrite.editor;

import io.cowrite.core.protocol.CloseCode;
import io.cowrite.editor.session.ClientSession;
import io.cowrite.editor.session.SessionContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketPongMessage;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnError;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import jakarta.inject.Named;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The protocol v1 endpoint. Thin: it adapts Micronaut's session to {@link ClientSession} and delegates. */
@ServerWebSocket("/ws")
@Requires(env = "editor")
public class EditorSocket {
    private static final Logger LOG = LoggerFactory.getLogger(EditorSocket.class);
    private static final String KEY = "cowrite.session";
    /** Transport cap on one frame; the configured {@code max-message-bytes} bounds whole messages (FrameAssembler). */
    static final int MAX_FRAME = 16 * 1024 * 1024;

    private final SessionContext context;
    private final EditorConfig config;
    private final ScheduledExecutorService timers;

    private final ClientAddress addresses;

    public EditorSocket(SessionContext context, EditorConfig config,
                        @Named("cowrite-timers") ScheduledExecutorService timers) {
        this.context = context;
        this.config = config;
        this.timers = timers;
        this.addresses = new ClientAddress(config.trustedProxies());
    }

    @OnOpen
    public void onOpen(WebSocketSession session, HttpRequest<?> request) {
        if (!(request instanceof NettyHttpRequest<?> netty)) {
            // Cannot happen with the Netty server; without the channel there is no bounded close.
            session.close(new CloseReason(CloseCode.INTERNAL_ERROR.code(), CloseCode.INTERNAL_ERROR.reason()));
            return;
        }
        ChannelTransport transport = new ChannelTransport(netty.getChannelHandlerContext().channel(), timers,
                config.closeTimeout());
        String address = addresses.resolve(request.getRemoteAddress().getAddress(), request.getHeaders().get("X-Forwarded-For"));
        session.put(KEY, new ClientSession(transport, context, UUID.randomUUID().toString(), address));
    }

    /**
     * Raw frames, so that binary frames are told apart (protocol v1 is text only: close 4502), reserved
     * bits are checked, and a message's fragments are reassembled with a bound on the whole message, not
     * only on each frame.
     */
    @OnMessage(maxPayloadLength = MAX_FRAME)
    public void onMessage(WebSocketFrame frame, WebSocketSession session) {
        try {
            ClientSession client = session.get(KEY, ClientSession.class).orElse(null);
            if (client == null) return;
            // A negotiated permessage-deflate decoder clears RSV1 before we see the frame; any bit left is a violation.
            if (frame.rsv() != 0) {
                client.onReservedBits();
                return;
            }
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

    /** The client's answer to the node's periodic ping. */
    @OnMessage
    public void onPong(WebSocketPongMessage pong, WebSocketSession session) {
        session.get(KEY, ClientSession.class).ifPresent(ClientSession::onPong);
    }

    @OnClose
    public void onClose(WebSocketSession session) {
        session.get(KEY, ClientSession.class).ifPresent(ClientSession::onClosed);
    }

    /**
     * A decoder refused the input: an inflated message past its bound (permessage-deflate) or a frame
     * past the transport's cap is 4503; any other framing error, a compressed payload that is not valid
     * DEFLATE included, is a protocol error (1002).
     */
    @OnError
    public void onError(WebSocketSession session, Throwable error) {
        LOG.debug("websocket error on {}: {}", session.getId(), error.toString());
        ClientSession client = session.get(KEY, ClientSession.class).orElse(null);
        if (client == null) return;
        if (isTooBig(error)) {
            client.close(CloseCode.MESSAGE_TOO_BIG);
        } else if (error instanceof io.netty.handler.codec.CodecException) {
            client.close(CloseCode.PROTOCOL_ERROR);
        }
    }

    /** The inflater's bound (a DecompressionException of its own) or the frame cap; not a corrupt stream. */
    static boolean isTooBig(Throwable error) {
        if (error instanceof io.netty.handler.codec.compression.DecompressionException) {
            // Corrupt input surfaces as the inflater's DataFormatException wrapped in the same exception type.
            return !(error.getCause() instanceof java.util.zip.DataFormatException);
        }
        return error instanceof io.netty.handler.codec.TooLongFrameException;
    }
}
