package io.longrun.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Longrun service's REST API ({@code openapi/longrun.yaml}), with the JDK's HTTP client: no Spring here. */
final class HttpLongrunApi implements LongrunApi {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final Credentials credentials;
    private final HttpClient http;
    private final String description;
    private final Function<String, Path> logs;

    HttpLongrunApi(String url, Credentials credentials) {
        this(url, credentials, null, id -> null);
    }

    /**
     * @param description what {@link #describe()} says (null: "Longrun at URL")
     * @param logs        where a chain's log file is, when Longrun keeps one on this machine
     */
    HttpLongrunApi(String url, Credentials credentials, String description, Function<String, Path> logs) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.credentials = credentials;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.description = description;
        this.logs = logs;
    }

    @Override
    public ChainView create(NewChainRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("script", request.script());
        body.put("args", request.args());
        if (request.user() != null) {
            body.put("user", request.user());
        }
        if (request.workingDirectory() != null) {
            body.put("workingDirectory", request.workingDirectory());
        }
        if (request.environment() != null) {
            body.put("environment", request.environment());
        }
        body.put("maxRestarts", request.maxRestarts());
        if (!request.scriptArguments().isEmpty()) {
            body.put("scriptArguments", request.scriptArguments());
        }
        return chainOf(send("POST", "chains", JSON.writeValueAsString(body)));
    }

    @Override
    public ChainView chain(String id) {
        return chainOf(send("GET", "chains/" + encode(id), null));
    }

    @Override
    public List<EventView> events(String id) {
        List<EventView> events = new ArrayList<>();
        for (JsonNode node : send("GET", "chains/" + encode(id) + "/events", null)) {
            events.add(new EventView(instant(node, "at"), text(node, "type"), integer(node, "attempt"),
                    number(node, "jobId"), text(node, "state"), text(node, "detail")));
        }
        return events;
    }

    @Override
    public List<ChainView> list(String user, int limit) {
        String query = "chains?limit=" + limit + (user == null ? "" : "&user=" + encode(user));
        List<ChainView> chains = new ArrayList<>();
        for (JsonNode node : send("GET", query, null)) {
            chains.add(chainOf(node));
        }
        return chains;
    }

    @Override
    public ChainView cancel(String id) {
        return chainOf(send("POST", "chains/" + encode(id) + "/cancel", null));
    }

    @Override
    public String describe() {
        return description != null ? description : "Longrun at " + base;
    }

    @Override
    public Path logOf(String chainId) {
        return logs.apply(chainId);
    }

    private JsonNode send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json, application/problem+json");
        credentials.headers().forEach(request::header);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiException(0, "cannot reach " + describe() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted");
        }
        if (response.statusCode() >= 400) {
            throw new ApiException(response.statusCode(), problem(response));
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    /** An RFC 9457 problem's title and detail (and the rejected sbatch option), or the status alone. */
    private static String problem(HttpResponse<String> response) {
        String message = "HTTP " + response.statusCode();
        try {
            JsonNode problem = JSON.readTree(response.body());
            String detail = text(problem, "detail");
            String title = text(problem, "title");
            if (detail != null) {
                message = detail;
            } else if (title != null) {
                message = title;
            }
            if (problem.has("errors")) {
                List<String> fields = new ArrayList<>();
                for (JsonNode error : problem.get("errors")) {
                    fields.add(text(error, "field") + ": " + text(error, "message"));
                }
                message += " (" + String.join("; ", fields) + ")";
            }
        } catch (RuntimeException notJson) {
            // keep the status
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            message += " (set LONGRUN_TOKEN, LONGRUN_TOKEN_FILE, LONGRUN_TOKEN_COMMAND or LONGRUN_API_KEY)";
        }
        return message;
    }

    static ChainView chainOf(JsonNode node) {
        List<ChainView.AttemptView> attempts = new ArrayList<>();
        if (node.has("attempts")) {
            for (JsonNode attempt : node.get("attempts")) {
                attempts.add(new ChainView.AttemptView(attempt.get("number").asInt(), number(attempt, "jobId"),
                        text(attempt, "slurmState"), integer(attempt, "exitCode")));
            }
        }
        Integer maxRestarts = integer(node, "maxRestarts");
        Integer restartsUsed = integer(node, "restartsUsed");
        return new ChainView(text(node, "id"), text(node, "user"), text(node, "name"), text(node, "state"),
                text(node, "stateReason"), maxRestarts == null ? 0 : maxRestarts,
                restartsUsed == null ? 0 : restartsUsed, number(node, "initialJobId"), number(node, "currentJobId"),
                instant(node, "createdAt"), instant(node, "endedAt"), attempts);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asLong();
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asInt();
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : java.time.OffsetDateTime.parse(value).toInstant();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
