package io.cowrite.editor;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.server.types.files.StreamedFile;
import java.net.URL;

/**
 * Serves the web app's page for a document's shareable URL {@code /d/{docId}} and for the admin pages
 * ({@code /admin}, {@code /admin/d/{docId}}); the page routes itself. Everything else of the app
 * (/, /assets/**) is a static resource (application-editor.yml). The admin pages are public files like
 * the rest: what they show comes from the admin API, which wants the admin token.
 */
@Controller
@Requires(env = "editor")
public class WebAppController {
    private final ResourceResolver resources;

    public WebAppController(ResourceResolver resources) {
        this.resources = resources;
    }

    @Get(uri = "/d/{docId}", produces = MediaType.TEXT_HTML)
    public HttpResponse<StreamedFile> document(String docId) {
        // The id is validated by the page (and by the server on join); any id gets the same page.
        return page();
    }

    @Get(uri = "/admin", produces = MediaType.TEXT_HTML)
    public HttpResponse<StreamedFile> admin() {
        return page();
    }

    @Get(uri = "/admin/d/{docId}", produces = MediaType.TEXT_HTML)
    public HttpResponse<StreamedFile> adminDocument(String docId) {
        return page();
    }

    private HttpResponse<StreamedFile> page() {
        URL page = resources.getResource("classpath:public/index.html").orElse(null);
        if (page == null) return HttpResponse.notFound();
        return HttpResponse.ok(new StreamedFile(page)).header("Cache-Control", "no-cache");
    }
}
