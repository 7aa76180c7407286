package io.cowrite.history.admin;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Serves the OpenAPI description of the admin history API at {@code GET /api/history/openapi.yml}, without
 * authentication (it describes, it opens nothing). micronaut-openapi's annotation processor writes it at
 * compile time from every controller compiled into history-service (the package's read and write
 * controllers) to {@value #RESOURCE}.
 */
@Controller("/api/history")
@Requires(env = "history")
@Hidden
@OpenAPIDefinition(info = @Info(title = "Cowrite history admin API", version = "1",
        description = "Admin history of Cowrite documents: list and search, timeline, text at a version or time, "
                + "attributed diffs, export, restore and undo. Guide: docs/history-admin.md."))
@SecurityScheme(name = OpenApiController.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A Cowrite token with the admin grant (the open mode's admin token, or a JWT)")
public class OpenApiController {
    static final String BEARER = "bearer";
    static final String RESOURCE = "META-INF/swagger/cowrite-history-admin-api-1.yml";

    private final String spec;

    public OpenApiController() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            spec = in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(value = "/openapi.yml", produces = "application/yaml")
    public HttpResponse<?> spec() {
        return spec == null ? HttpResponse.notFound() : HttpResponse.ok(spec);
    }
}
