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

    /** As the dev cluster's alice, with a token from {@code slurm-dev token alice}. */
    public LongrunClient(int port) {
        this(port, DevCluster.token("alice"));
    }

    /** @param token the caller's bearer token (e.g. {@code DevCluster.token("alice")}) */
    public LongrunClient(int port, String token) {
        this.http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", "Bearer " + token).build();
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

    /** Chains visible to the caller, newest first. */
    public JsonNode list() {
        return JSON.readTree(http.get().uri("/chains").retrieve().body(String.class));
    }

    /** The HTTP status of cancelling, without throwing for 4xx. */
    public int cancelStatus(String id) {
        return http.post().uri("/chains/{id}/cancel", id).exchange((request, response) -> response.getStatusCode().value());
    }

    /** The HTTP status of reading a chain, without throwing for 4xx. */
    public int chainStatus(String id) {
        return http.get().uri("/chains/{id}", id).exchange((request, response) -> response.getStatusCode().value());
    }

    public static Map<String, Object> request(String user, String script, List<String> args, String workingDirectory,
                                              int maxRestarts) {
        return Map.of("user", user, "script", script, "args", args, "workingDirectory", workingDirectory,
                "maxRestarts", maxRestarts);
    }
}
