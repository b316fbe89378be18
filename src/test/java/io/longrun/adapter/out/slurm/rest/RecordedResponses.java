package io.longrun.adapter.out.slurm.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Responses recorded from the real slurmrestd of the dev cluster ({@code docker/slurm-dev/record-responses.sh} and,
 * for errors, {@code record-error-responses.sh}), served back exactly: status, content type and body.
 */
final class RecordedResponses {
    private static final JsonNode INDEX = JsonMapper.builder().build().readTree(read("index.json"));
    /** Error responses, recorded by {@code docker/slurm-dev/record-error-responses.sh}. */
    private static final JsonNode ERRORS = JsonMapper.builder().build().readTree(read("index-errors.json"));

    private RecordedResponses() {
    }

    static ResponseDefinitionBuilder recorded(String name) {
        return respond(name, body(name));
    }

    /** A recorded response with its body changed, e.g. a state this Longrun has never seen. */
    static ResponseDefinitionBuilder recordedWith(String name, String from, String to) {
        String body = body(name);
        if (!body.contains(from)) {
            throw new IllegalArgumentException(name + " has no '" + from + "'");
        }
        return respond(name, body.replace(from, to));
    }

    /** A job id the recordings were made with: "completed", "timeout", "cancelled", "neverExisted". */
    static long jobId(String which) {
        return INDEX.get("recordedWith").get("jobIds").get(which).asLong();
    }

    /** The path and query the named response was recorded for. */
    static String requestPath(String name) {
        return entry(name).get("request").get("path").asString();
    }

    /** The job id a submit response carries. */
    static long submittedJobId(String name) {
        return JsonMapper.builder().build().readTree(body(name)).get("job_id").asLong();
    }

    static String body(String name) {
        return read(entry(name).get("bodyFile").asString());
    }

    static int status(String name) {
        return entry(name).get("status").asInt();
    }

    private static ResponseDefinitionBuilder respond(String name, String body) {
        JsonNode entry = entry(name);
        return aResponse().withStatus(entry.get("status").asInt())
                .withHeader("Content-Type", entry.get("contentType").asString())
                .withBody(body);
    }

    private static JsonNode entry(String name) {
        JsonNode entry = INDEX.get("responses").has(name) ? INDEX.get("responses").get(name)
                : ERRORS.get("responses").get(name);
        if (entry == null) {
            throw new IllegalArgumentException("no recorded response " + name);
        }
        return entry;
    }

    private static String read(String file) {
        try (InputStream in = RecordedResponses.class.getResourceAsStream("/slurmrestd/recorded/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("missing recording " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
