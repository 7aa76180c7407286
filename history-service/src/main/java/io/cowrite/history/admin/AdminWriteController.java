package io.cowrite.history.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cowrite.auth.Principal;
import io.cowrite.auth.micronaut.BearerAuth;
import io.cowrite.history.retention.Retention;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The write side of the admin history API (docs/history-admin.md): restore, undo-author, and the retention
 * status. Decodes, authorizes through {@link BearerAuth} ({@code admin} on the document; the retention
 * status needs the global admin grant), delegates to {@link AdminWrites}, encodes. Runs on the blocking
 * pool: a JWKS lookup, the store and the owner's answer may block.
 */
@Controller("/api/history")
@Requires(beans = AdminWrites.class)
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminWriteController {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BearerAuth auth;
    private final AdminWrites writes;
    private final Retention retention;

    public AdminWriteController(BearerAuth auth, AdminWrites writes, Retention retention) {
        this.auth = auth;
        this.writes = writes;
        this.retention = retention;
    }

    /** Body {@code {"version": v, "preview": bool}}. */
    @Post(uri = "/documents/{doc}/restore", consumes = MediaType.ALL, processes = MediaType.APPLICATION_JSON)
    public HttpResponse<?> restore(@Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization, String doc,
                                   @Body @Nullable String body) {
        return onDocument(authorization, doc, body, (admin, json) ->
                writes.restore(doc, number(json, "version"), flag(json), admin));
    }

    /** Body {@code {"author": "...", "from": v0, "to": v1, "preview": bool}}. */
    @Post(uri = "/documents/{doc}/undo", consumes = MediaType.ALL, processes = MediaType.APPLICATION_JSON)
    public HttpResponse<?> undo(@Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization, String doc,
                                @Body @Nullable String body) {
        return onDocument(authorization, doc, body, (admin, json) -> {
            JsonNode author = json.get("author");
            if (author == null || !author.isTextual() || author.asText().isEmpty() || author.asText().length() > 256) {
                throw AdminRefusal.invalid("'author' must be a non-empty string of at most 256 characters");
            }
            return writes.undo(doc, author.asText(), number(json, "from"), number(json, "to"), flag(json), admin);
        });
    }

    /** {@code {"horizon": ISO-8601 duration | null, "compactedDocuments": n, "lastRun": time | null}}. */
    @Get("/retention")
    public HttpResponse<?> retention(@Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization) {
        if (auth.globalAdmin(authorization) instanceof BearerAuth.Refused r) return r.response();
        Retention.Status s = retention.status();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("horizon", s.horizon() == null ? null : s.horizon().toString());
        out.put("compactedDocuments", s.compactedDocuments());
        out.put("lastRun", s.lastRun() == null ? null : s.lastRun().toString());
        try { // by hand: the contract shows the nulls, which the service's JSON settings leave out
            return HttpResponse.ok(JSON.writeValueAsString(out)).contentType(MediaType.APPLICATION_JSON_TYPE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Write {
        AdminWrites.Outcome run(String admin, JsonNode body);
    }

    private HttpResponse<?> onDocument(String authorization, String doc, String body, Write write) {
        BearerAuth.Access access = auth.documentAdmin(authorization, doc);
        if (access instanceof BearerAuth.Refused r) return r.response();
        Principal who = ((BearerAuth.Granted) access).principal();
        try {
            JsonNode json = parse(body);
            return HttpResponse.ok(write.run(who.userId() != null ? who.userId() : who.name(), json));
        } catch (AdminRefusal r) {
            return BearerAuth.error(HttpStatus.valueOf(r.status()), r.code(), r.getMessage());
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode json = body == null ? null : JSON.readTree(body);
            if (json == null || !json.isObject()) throw AdminRefusal.invalid("the body must be a JSON object");
            return json;
        } catch (IOException e) {
            throw AdminRefusal.invalid("the body is not JSON");
        }
    }

    private static long number(JsonNode json, String field) {
        JsonNode n = json.get(field);
        if (n == null || !n.canConvertToExactIntegral() || !n.canConvertToLong() || n.asLong() < 0) {
            throw AdminRefusal.invalid("'" + field + "' must be a version (an integer >= 0)");
        }
        return n.asLong();
    }

    private static boolean flag(JsonNode json) {
        JsonNode n = json.get("preview");
        if (n == null || n.isNull()) return false;
        if (!n.isBoolean()) throw AdminRefusal.invalid("'preview' must be true or false");
        return n.asBoolean();
    }
}
