package io.cowrite.editor;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Browsers let any page open a WebSocket to any server (no CORS), so the upgrade checks {@code Origin}:
 * a browser page from another origin is refused with 403 (cross-site WebSocket hijacking). Allowed: the
 * server's own origin (the {@code Origin} names the same host and port as the request's {@code Host}),
 * the origins in {@code cowrite.editor.allowed-origins}, and requests without {@code Origin}
 * (non-browser clients, which carry their credentials explicitly).
 */
@ServerFilter("/ws/**")
@Requires(env = "editor")
public class OriginCheck {
    private final Set<String> allowed;

    public OriginCheck(EditorConfig config) {
        this.allowed = config.allowedOrigins().stream().filter(s -> !s.isBlank()).map(OriginCheck::normalize)
                .collect(Collectors.toUnmodifiableSet());
    }

    @RequestFilter
    @Nullable
    public MutableHttpResponse<?> check(HttpRequest<?> request) {
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        return origin == null || isAllowed(origin, request.getHeaders().get(HttpHeaders.HOST))
                ? null : HttpResponse.status(HttpStatus.FORBIDDEN);
    }

    boolean isAllowed(String origin, String host) {
        String o = normalize(origin);
        if (allowed.contains(o)) return true;
        if (host == null) return false;
        try {
            URI u = URI.create(origin);
            String authority = u.getPort() < 0 ? u.getHost() + defaultPort(u.getScheme()) : u.getHost() + ":" + u.getPort();
            String h = host.toLowerCase(Locale.ROOT);
            String hostWithPort = h.contains(":") ? h : h + defaultPort(u.getScheme());
            return authority != null && authority.toLowerCase(Locale.ROOT).equals(hostWithPort);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? ":443" : ":80";
    }

    static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    List<String> allowed() {
        return List.copyOf(allowed);
    }
}
