package io.cowrite.editor;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import jakarta.inject.Singleton;

/**
 * permessage-deflate, under our control. Micronaut adds Netty's compression handler to every
 * connection, and its inflater is not bounded: a small compressed frame could expand to gigabytes
 * before any limit of ours saw it (a decompression bomb). By default compression is off (the handler is
 * removed, so the extension is never negotiated: text ops compress little, and every deflate context
 * costs memory per connection); with {@code cowrite.editor.websocket-compression=true} it is replaced by
 * one that refuses to inflate a message past {@code max-message-bytes} (the connection is then closed
 * with 4503).
 */
@Singleton
@Requires(env = "editor")
public class WebSocketCompression implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    /**
     * The name Micronaut gives its handler in each connection's pipeline (a compile-time constant of
     * Micronaut's, so a rename there cannot silently leave the unbounded handler in place; CompressionIT
     * checks the effect both ways).
     */
    static final String HANDLER = io.micronaut.http.server.netty.websocket.NettyServerWebSocketUpgradeHandler.COMPRESSION_HANDLER;

    private final EditorConfig config;

    public WebSocketCompression(EditorConfig config) {
        this.config = config;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null));
        return event.getBean();
    }

    private final class Customizer implements NettyServerCustomizer {
        private final Channel channel;

        Customizer(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return new Customizer(channel);
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel == null) return;
            ChannelPipeline p = channel.pipeline();
            if (p.get(HANDLER) == null) return;
            if (config.websocketCompression()) {
                p.replace(HANDLER, HANDLER, new WebSocketServerCompressionHandler(config.maxMessageBytes()));
            } else {
                p.remove(HANDLER);
            }
        }
    }
}
