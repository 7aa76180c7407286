package io.cowrite.history.admin;

import io.cowrite.auth.micronaut.BearerAuth;
import io.cowrite.history.admin.AdminViews.Diff;
import io.cowrite.history.admin.AdminViews.DocumentDetail;
import io.cowrite.history.admin.AdminViews.DocumentPage;
import io.cowrite.history.admin.AdminViews.TextAt;
import io.cowrite.history.admin.AdminViews.Timeline;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The read side of the admin history API (docs/history-admin.md): decode, authorize, delegate to
 * {@link AdminHistory}, encode. Every request needs {@code Authorization: Bearer <token>}: 401 without a
 * credential or with one refused; the list needs the global admin grant, a document's reads {@code admin}
 * on that document, else 403. Errors are {@code {"error","message"}} ({@link BearerAuth#error}).
 * Runs on the blocking pool: the store and a JWKS lookup block.
 */
@Controller("/api/history")
@Requires(bean = AdminHistory.class)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "history admin: reads")
@SecurityRequirement(name = OpenApiController.BEARER)
@ApiResponse(responseCode = "400", description = "invalid_doc, invalid_request", content = @Content(schema = @Schema(implementation = BearerAuth.ApiError.class)))
@ApiResponse(responseCode = "401", description = "unauthorized", content = @Content(schema = @Schema(implementation = BearerAuth.ApiError.class)))
@ApiResponse(responseCode = "403", description = "forbidden", content = @Content(schema = @Schema(implementation = BearerAuth.ApiError.class)))
@ApiResponse(responseCode = "404", description = "not_found", content = @Content(schema = @Schema(implementation = BearerAuth.ApiError.class)))
@ApiResponse(responseCode = "410", description = "compacted", content = @Content(schema = @Schema(implementation = BearerAuth.ApiError.class)))
@ApiResponse(responseCode = "503", description = "unavailable, auth_unavailable", content = @Content(schema = @Schema(implementation = BearerAuth.ApiError.class)))
public class AdminHistoryController {
    private static final int MAX_TIMELINE = 200;

    private final BearerAuth auth;
    private final AdminHistory history;

    public AdminHistoryController(BearerAuth auth, AdminHistory history) {
        this.auth = auth;
        this.history = history;
    }

    /**
     * Documents by last activity (newest first, then id), filtered by id prefix, editor and activity time,
     * a page at a time: pass {@code next} back as {@code cursor}. Needs the global admin grant.
     */
    @Get("/documents")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DocumentPage.class)))
    public HttpResponse<?> list(@Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization,
                                @QueryValue @Nullable String prefix, @QueryValue @Nullable String editor,
                                @QueryValue @Nullable String activeAfter, @QueryValue @Nullable String activeBefore,
                                @QueryValue @Nullable @Parameter(schema = @Schema(type = "integer", format = "int64")) String limit, @QueryValue @Nullable String cursor) {
        if (auth.globalAdmin(authorization) instanceof BearerAuth.Refused r) return r.response();
        return answer(() -> history.list(ListQuery.parse(prefix, editor, activeAfter, activeBefore, limit, cursor)));
    }

    /** A document: head, horizon (oldest stored op), milestones stored, editors. Needs admin on the document. */
    @Get("/documents/{doc}")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DocumentDetail.class)))
    public HttpResponse<?> document(@Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization, String doc) {
        return forDocument(authorization, doc, history::detail);
    }

    /** Revisions (an author's consecutive ops, each less than the revision gap apart), newest first. */
    @Get("/documents/{doc}/timeline")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Timeline.class)))
    public HttpResponse<?> timeline(@Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization, String doc,
                                    @QueryValue @Nullable @Parameter(schema = @Schema(type = "integer", format = "int64")) String before, @QueryValue @Nullable @Parameter(schema = @Schema(type = "integer", format = "int64")) String limit) {
        return forDocument(authorization, doc, d -> {
            long b = AdminParams.longIn("before", before, -1, 0, Long.MAX_VALUE);
            int n = (int) AdminParams.longIn("limit", limit, ListQuery.DEFAULT_LIMIT, 1, MAX_TIMELINE);
            return history.timeline(d, b < 0 ? null : b, n);
        });
    }

    /** The text at a version ({@code version}) or at a time ({@code at}, ISO-8601): exactly one of them. */
    @Get("/documents/{doc}/text")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TextAt.class)))
    public HttpResponse<?> text(@Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization, String doc,
                                @QueryValue @Nullable @Parameter(schema = @Schema(type = "integer", format = "int64")) String version, @QueryValue @Nullable String at) {
        return forDocument(authorization, doc, d -> {
            boolean byVersion = version != null && !version.isEmpty();
            boolean byTime = at != null && !at.isEmpty();
            if (byVersion == byTime) throw AdminException.invalid("give exactly one of version and at");
            return byVersion ? history.textAt(d, AdminParams.longIn("version", version, 0, 0, Long.MAX_VALUE))
                    : history.textAtTime(d, AdminParams.instant("at", at));
        });
    }

    /** The text at {@code from} turned into the text at {@code to} ({@code from < to}), each change attributed. */
    @Get("/documents/{doc}/diff")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Diff.class)))
    public HttpResponse<?> diff(@Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization, String doc,
                                @QueryValue @Nullable @Parameter(schema = @Schema(type = "integer", format = "int64")) String from, @QueryValue @Nullable @Parameter(schema = @Schema(type = "integer", format = "int64")) String to) {
        return forDocument(authorization, doc, d -> {
            if (from == null || from.isEmpty() || to == null || to.isEmpty()) throw AdminException.invalid("give from and to");
            return history.diff(d, AdminParams.longIn("from", from, 0, 0, Long.MAX_VALUE),
                    AdminParams.longIn("to", to, 0, 0, Long.MAX_VALUE));
        });
    }

    /** The text at {@code version} (default: the head) as a {@code .txt} download. */
    @Get("/documents/{doc}/export") // errors are JSON like everywhere; the text sets its own type
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "text/plain; charset=utf-8", schema = @Schema(type = "string")))
    public HttpResponse<?> export(@Header(HttpHeaders.AUTHORIZATION) @Nullable String authorization, String doc,
                                  @QueryValue @Nullable @Parameter(schema = @Schema(type = "integer", format = "int64")) String version) {
        HttpResponse<?> r = forDocument(authorization, doc, d -> {
            long v = version == null || version.isEmpty() ? history.detail(d).headVersion()
                    : AdminParams.longIn("version", version, 0, 0, Long.MAX_VALUE);
            return history.textAt(d, v);
        });
        if (!(r.body() instanceof TextAt t)) return r;
        return HttpResponse.ok(t.text())
                .contentType(MediaType.TEXT_PLAIN + "; charset=utf-8")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + doc + "-v" + t.version() + ".txt\"");
    }

    private HttpResponse<?> forDocument(String authorization, String doc, Function<String, Object> read) {
        if (auth.documentAdmin(authorization, doc) instanceof BearerAuth.Refused r) return r.response();
        return answer(() -> read.apply(doc));
    }

    private static HttpResponse<?> answer(Supplier<Object> read) {
        try {
            return HttpResponse.ok(read.get());
        } catch (AdminException e) {
            return BearerAuth.error(HttpStatus.valueOf(e.kind().status), e.kind().code, e.getMessage());
        }
    }
}
