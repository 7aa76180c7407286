package io.cowrite.presence;

import io.cowrite.auth.micronaut.BearerAuth;
import io.cowrite.auth.Principal;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * The presence API (JSON; shapes in docs/operations.md), for operators and admin pages. Every request is
 * authenticated by the service's {@link io.cowrite.auth.Authenticator} from {@code Authorization: Bearer <token>} and
 * authorized by {@link Principal#can}: 401 without a credential or with one refused, 403 without the grant.
 * Runs on the blocking pool: a JWKS lookup may block.
 */
@Controller("/presence")
@Requires(bean = PresenceRegistry.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public class PresenceController {
    /** User ids are JWT subjects: any text of 1–256 characters without control characters. */
    private static final int MAX_USER_LENGTH = 256;

    private final BearerAuth auth;
    private final PresenceRegistry registry;
    private final PresenceConfig config;

    public PresenceController(BearerAuth auth, PresenceRegistry registry, PresenceConfig config) {
        this.auth = auth;
        this.registry = registry;
        this.config = config;
    }

    /** The people in a document, on every node: needs {@code admin} on that document. */
    @Get("/documents/{doc}")
    public HttpResponse<?> document(@Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization, String doc) {
        if (auth.documentAdmin(authorization, doc) instanceof BearerAuth.Refused r) return r.response();
        return HttpResponse.ok(PresenceViews.document(registry.roster(doc), registry.isWarm()));
    }

    /** The documents a user is in and the nodes they are connected to: needs the global admin grant. */
    @Get("/users/{user}")
    public HttpResponse<?> user(@Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization, String user) {
        if (auth.globalAdmin(authorization) instanceof BearerAuth.Refused r) return r.response();
        if (!validUser(user)) return BearerAuth.error(HttpStatus.BAD_REQUEST, "invalid_user", "a user id is 1-256 characters without control characters");
        return HttpResponse.ok(PresenceViews.user(user, registry.sessionsOfUser(user), registry.isWarm(), registry::cursor));
    }

    /** Sessions per node and per document (the busiest {@code top-documents}): needs the global admin grant. */
    @Get("/counts")
    public HttpResponse<?> counts(@Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization) {
        if (auth.globalAdmin(authorization) instanceof BearerAuth.Refused r) return r.response();
        return HttpResponse.ok(registry.counts(config.topDocuments()));
    }

    static boolean validUser(String user) {
        return user != null && !user.isEmpty() && user.length() <= MAX_USER_LENGTH
                && user.chars().noneMatch(Character::isISOControl);
    }
}
