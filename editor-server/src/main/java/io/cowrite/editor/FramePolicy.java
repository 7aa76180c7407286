package io.cowrite.editor;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Which sites may embed the web app in a frame: {@code Content-Security-Policy: frame-ancestors} on every
 * page. By default only the app itself ({@code 'self'}); a host application that embeds the editor
 * lists its origin in {@code cowrite.editor.frame-ancestors}. Without it, any site could frame the editor
 * (clickjacking, or feeding it a token of its choosing). The header goes on every response (static pages'
 * content type is only known when they are written; on anything but a page it has no effect).
 */
@ServerFilter("/**")
@Requires(env = "editor")
public class FramePolicy {
    private final String policy;

    public FramePolicy(EditorConfig config) {
        this.policy = "frame-ancestors " + config.frameAncestors().trim();
    }

    @ResponseFilter
    public void addPolicy(MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", policy);
    }
}
