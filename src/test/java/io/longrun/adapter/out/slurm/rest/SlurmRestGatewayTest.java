package io.longrun.adapter.out.slurm.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.domain.JobStatus;
import io.longrun.domain.JobSubmission;
import io.longrun.domain.SlurmJobState;
import io.longrun.domain.sbatch.ParseContext;
import io.longrun.domain.sbatch.SbatchParser;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST adapter against responses recorded from the real slurmrestd 24.11 (v0.0.42). */
class SlurmRestGatewayTest {
    @RegisterExtension
    static WireMockExtension slurmrestd = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    static Path keys;

    private SlurmRestGateway gateway;
    private Path key;

    @BeforeEach
    void gateway() throws Exception {
        key = keys.resolve("jwt_hs256.key");
        Files.write(key, "0123456789abcdef0123456789abcdef".getBytes());
        SlurmRestProperties properties = new SlurmRestProperties(URI.create(slurmrestd.baseUrl()), key, null,
                Duration.ofMinutes(10), "slurm", Duration.ofSeconds(2), Duration.ofSeconds(5));
        gateway = SlurmRestConfiguration.gateway(RestClient.builder(), properties,
                new JwtKeySlurmTokens(key, Duration.ofMinutes(10), Clock.systemUTC()));
    }

    @Test
    void submitReturnsTheJobIdAndSendsUserTokenAndNoNulls() {
        slurmrestd.stubFor(post("/slurm/v0.0.42/job/submit").willReturn(RecordedResponses.recorded("submit-ok")));

        long jobId = gateway.submit(submission("#!/bin/bash\n#SBATCH --time=5 -J rec\nsleep 1\n"));

        assertThat(jobId).isEqualTo(RecordedResponses.submittedJobId("submit-ok"));
        LoggedRequest request = slurmrestd.findAll(postRequestedFor(urlEqualTo("/slurm/v0.0.42/job/submit"))).get(0);
        assertThat(request.getHeader("X-SLURM-USER-NAME")).isEqualTo("alice");
        assertThat(request.getHeader("X-SLURM-USER-TOKEN")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        String body = request.getBodyAsString();
        assertThat(body).doesNotContain("null").doesNotContain("[]").doesNotContain("{}");
        JsonNode root = JsonMapper.builder().build().readTree(body);
        assertThat(root.has("jobs")).as("only one of job and jobs").isFalse();
        JsonNode job = root.get("job");
        assertThat(job.get("name").asString()).isEqualTo("rec");
        assertThat(job.get("time_limit").get("number").asInt()).isEqualTo(5);
        assertThat(job.get("time_limit").get("set").asBoolean()).isTrue();
        assertThat(job.get("environment").toString()).contains("PATH=/usr/bin:/bin");
        assertThat(job.get("current_working_directory").asString()).isEqualTo("/home/alice");
        assertThat(job.has("job_id")).isFalse();
        assertThat(job.has("requeue")).isFalse();
    }

    @Test
    void aRefusedSubmissionIsPermanentWithSlurmsOwnMessage() {
        slurmrestd.stubFor(post("/slurm/v0.0.42/job/submit")
                .willReturn(RecordedResponses.recorded("submit-invalid-partition")));

        assertThatThrownBy(() -> gateway.submit(submission("#!/bin/bash\nsleep 1\n")))
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SlurmGatewayException.Kind.PERMANENT);
                    assertThat(e.getMessage()).contains("Invalid partition name specified");
                    assertThat(e.slurmErrors()).singleElement().asString().contains("error 2000");
                });
    }

    @Test
    void anAuthenticationFailureIsTransient() {
        slurmrestd.stubFor(post("/slurm/v0.0.42/job/submit").willReturn(RecordedResponses.recorded("auth-failure")));

        assertThatThrownBy(() -> gateway.submit(submission("#!/bin/bash\nsleep 1\n")))
                .isInstanceOfSatisfying(SlurmGatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(SlurmGatewayException.Kind.TRANSIENT));
    }

    @Test
    void unreachableSlurmrestdIsTransient() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SlurmRestGateway nowhere = SlurmRestConfiguration.gateway(RestClient.builder(),
                new SlurmRestProperties(URI.create("http://127.0.0.1:" + closedPort), key, null, Duration.ofMinutes(10),
                        "slurm", Duration.ofSeconds(2), Duration.ofSeconds(5)),
                new JwtKeySlurmTokens(key, Duration.ofMinutes(10), Clock.systemUTC()));

        assertThatThrownBy(() -> nowhere.states(List.of(1L)))
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SlurmGatewayException.Kind.TRANSIENT);
                    assertThat(e.getMessage()).contains("unreachable");
                });
    }

    @Test
    void statesComeFromOneRequestWithRepeatedJobIds() {
        slurmrestd.stubFor(get(urlPathEqualTo("/slurm/v0.0.42/jobs/state/"))
                .willReturn(RecordedResponses.recorded("jobs-state")));

        List<Long> asked = recordedStateJobs();
        Map<Long, JobStatus> states = gateway.states(asked);

        assertThat(states.get(asked.get(0)).state()).isEqualTo(SlurmJobState.RUNNING);
        assertThat(states.get(asked.get(1)).state()).isEqualTo(SlurmJobState.COMPLETED);
        assertThat(states.get(asked.get(1)).isFinal()).isTrue();
        slurmrestd.verify(1, getRequestedFor(urlEqualTo(RecordedResponses.requestPath("jobs-state")))
                .withHeader("X-SLURM-USER-NAME", equalTo("slurm"))
                .withHeader("X-SLURM-USER-TOKEN", matching(".+")));
    }

    @Test
    void aPlainTextErrorBodyIsReportedAsItCame() {
        slurmrestd.stubFor(get(urlPathEqualTo("/slurm/v0.0.42/jobs/state/"))
                .willReturn(RecordedResponses.recorded("jobs-state-comma")));

        assertThatThrownBy(() -> gateway.states(List.of(5L, 4L)))
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
                    assertThat(e.getMessage()).contains("HTTP 400").contains("Unable to parse query.");
                    assertThat(e.kind()).isEqualTo(SlurmGatewayException.Kind.PERMANENT);
                });
    }

    @Test
    void anUnknownStateIsNeverFinal() {
        slurmrestd.stubFor(get(urlPathEqualTo("/slurm/v0.0.42/jobs/state/"))
                .willReturn(RecordedResponses.recordedWith("jobs-state", "\"COMPLETED\"", "\"HIBERNATING\"")));

        long completed = recordedStateJobs().get(1);
        JobStatus status = gateway.states(List.of(completed)).get(completed);

        assertThat(status.state()).isEqualTo(SlurmJobState.UNKNOWN);
        assertThat(status.rawState()).containsExactly("HIBERNATING");
        assertThat(status.isFinal()).isFalse();
    }

    @Test
    void aJobReadsItsEndingExitCodeAndTimes() {
        long timedOut = RecordedResponses.jobId("timeout");
        slurmrestd.stubFor(get("/slurm/v0.0.42/job/" + timedOut).willReturn(RecordedResponses.recorded("job-get-timeout")));

        JobStatus status = gateway.job(timedOut, "alice").orElseThrow();

        assertThat(status.state()).isEqualTo(SlurmJobState.TIMEOUT);
        assertThat(status.isFinal()).isTrue();
        assertThat(status.startedAt()).isNotNull();
        assertThat(status.endedAt()).isAfter(status.startedAt());
        assertThat(status.nodes()).isEqualTo("localhost");
        assertThat(status.stateReason()).isEqualTo("TimeLimit");
    }

    @Test
    void aJobPurgedFromSlurmctldIsReadFromAccounting() {
        long timedOut = RecordedResponses.jobId("timeout");
        slurmrestd.stubFor(get("/slurm/v0.0.42/job/" + timedOut).willReturn(RecordedResponses.recorded("job-get-missing")));
        slurmrestd.stubFor(get("/slurmdb/v0.0.42/job/" + timedOut)
                .willReturn(RecordedResponses.recorded("slurmdb-job-timeout")));

        JobStatus status = gateway.job(timedOut, "alice").orElseThrow();

        assertThat(status.state()).isEqualTo(SlurmJobState.TIMEOUT);
        assertThat(status.endedAt()).isNotNull();
        assertThat(status.nodes()).isEqualTo("localhost");
        assertThat(status.stateReason()).as("accounting says None").isNull();
    }

    @Test
    void aJobNobodyKnowsIsAbsent() {
        slurmrestd.stubFor(get("/slurm/v0.0.42/job/9999999").willReturn(RecordedResponses.recorded("job-get-missing")));
        slurmrestd.stubFor(get("/slurmdb/v0.0.42/job/9999999")
                .willReturn(RecordedResponses.recorded("slurmdb-job-missing")));

        assertThat(gateway.job(9999999, "alice")).isEmpty();
    }

    @Test
    void cancelDeletesTheJobAsTheUser() {
        slurmrestd.stubFor(delete("/slurm/v0.0.42/job/5").willReturn(RecordedResponses.recorded("cancel")));

        gateway.cancel(5, "alice");

        slurmrestd.verify(1, com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(
                urlEqualTo("/slurm/v0.0.42/job/5")).withHeader("X-SLURM-USER-NAME", equalTo("alice")));
    }

    @Test
    void aServerErrorWithoutSlurmErrorsIsTransient() {
        slurmrestd.stubFor(get(urlPathEqualTo("/slurm/v0.0.42/jobs/state/"))
                .willReturn(aResponse().withStatus(503).withBody("busy")));

        assertThatThrownBy(() -> gateway.states(List.of(1L)))
                .isInstanceOfSatisfying(SlurmGatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(SlurmGatewayException.Kind.TRANSIENT));
    }

    /** The recording holds one running job and one completed job, asked for in this order. */
    private static List<Long> recordedStateJobs() {
        String path = RecordedResponses.requestPath("jobs-state");
        return java.util.Arrays.stream(path.substring(path.indexOf('?') + 1).split("&"))
                .map(pair -> Long.parseLong(pair.substring("job_id=".length()))).toList();
    }

    private static JobSubmission submission(String script) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", "/usr/bin:/bin");
        return new JobSubmission(UUID.randomUUID(), 1, "alice", script, "/home/alice", environment,
                SbatchParser.parse(script, List.of(), new ParseContext(Clock.systemUTC(), ZoneOffset.UTC)),
                null, null, false, "longrun:test:1");
    }
}
