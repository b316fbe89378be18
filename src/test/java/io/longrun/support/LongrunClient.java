package io.longrun.support;

import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Longrun's API as a portal would call it, for the end-to-end tests. */
public final class LongrunClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final RestClient http;

    public LongrunClient(int port) {
        this.http = RestClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    }

    public JsonNode createChain(Map<String, Object> request) {
        String body = http.post().uri("/chains").contentType(MediaType.APPLICATION_JSON)
                .body(JSON.writeValueAsString(request)).retrieve().body(String.class);
        return JSON.readTree(body);
    }

    public JsonNode chain(String id) {
        return JSON.readTree(http.get().uri("/chains/{id}", id).retrieve().body(String.class));
    }

    public JsonNode events(String id) {
        return JSON.readTree(http.get().uri("/chains/{id}/events", id).retrieve().body(String.class));
    }

    public String get(String path) {
        return http.get().uri(path).retrieve().body(String.class);
    }

    public JsonNode cancel(String id) {
        return JSON.readTree(http.post().uri("/chains/{id}/cancel", id).retrieve().body(String.class));
    }

    public static Map<String, Object> request(String user, String script, List<String> args, String workingDirectory,
                                              int maxRestarts) {
        return Map.of("user", user, "script", script, "args", args, "workingDirectory", workingDirectory,
                "maxRestarts", maxRestarts);
    }
}
