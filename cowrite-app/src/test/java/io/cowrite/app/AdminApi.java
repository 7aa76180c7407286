package io.cowrite.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The admin history API over HTTP, as the admin pages call it (docs/history-admin.md). */
final class AdminApi {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final String token;

    AdminApi(int port, String token) {
        this.base = "http://127.0.0.1:" + port + "/api/history";
        this.token = token;
    }

    /** POSTs {@code body} to {@code path}; the JSON answer, which must be 200. */
    JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new AssertionError("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body());
    }
}
