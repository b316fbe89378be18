package io.longrun.adapter.out.slurm.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.longrun.adapter.out.slurm.SlurmUnreachableException;
import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.application.port.out.SlurmGatewayException.Kind;
import io.longrun.domain.JobSubmission;
import io.longrun.domain.sbatch.ParseContext;
import io.longrun.domain.sbatch.SbatchParser;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.client.RestClient;

/**
 * Each error class from slurmrestd's real answers (docker/slurm-dev/record-error-responses.sh): transient (Slurm out
 * of reach, slurmrestd out of reach), quota (a submit limit) and permanent (Slurm refuses the job).
 */
class SlurmRestErrorClassesTest {
    @RegisterExtension
    static WireMockExtension slurmrestd = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    static Path keys;

    SlurmRestGateway gateway;
    Path key;

    @BeforeEach
    void gateway() throws Exception {
        key = Files.write(keys.resolve("jwt_hs256.key"), "0123456789abcdef0123456789abcdef".getBytes());
        gateway = gatewayAt(URI.create(slurmrestd.baseUrl()), Duration.ofSeconds(2));
    }

    // ---- quota

    @Test
    void aSubmitLimitIsAQuota() {
        slurmrestd.stubFor(post("/slurm/v0.0.42/job/submit").willReturn(RecordedResponses.recorded("submit-quota")));

        assertThatThrownBy(() -> gateway.submit(submission()))
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.QUOTA);
                    assertThat(e.isTransient()).as("the engine tries again later").isTrue();
                    assertThat(e.getMessage()).startsWith("submit job failed (a Slurm submit limit is reached")
                            .contains("Job violates accounting/QOS policy");
                    assertThat(e.slurmErrors()).singleElement().asString().contains("(error 2050)");
                });
    }

    // ---- permanent

    @Test
    void anInvalidAccountIsPermanentWithSlurmsMessage() {
        slurmrestd.stubFor(post("/slurm/v0.0.42/job/submit")
                .willReturn(RecordedResponses.recorded("submit-invalid-account")));

        assertThatThrownBy(() -> gateway.submit(submission()))
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
                    assertThat(e.getMessage()).contains("Invalid account or account/partition combination specified");
                });
    }

    // ---- transient: Slurm out of reach behind slurmrestd

    @Test
    void slurmctldOutOfReachIsTransientButSlurmrestdIsReachable() {
        slurmrestd.stubFor(post("/slurm/v0.0.42/job/submit")
                .willReturn(RecordedResponses.recorded("submit-controller-unreachable")));
        slurmrestd.stubFor(get(urlPathEqualTo("/slurm/v0.0.42/jobs/state/"))
                .willReturn(RecordedResponses.recorded("jobs-state-controller-unreachable")));

        assertThatThrownBy(() -> gateway.submit(submission()))
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
                    assertThat(e).as("the CLI could not reach slurmctld either").isNotInstanceOf(
                            SlurmUnreachableException.class);
                    assertThat(e.getMessage()).contains("Unable to contact slurm controller");
                });
        assertThatThrownBy(() -> gateway.states(List.of(1L)))
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
    }

    @Test
    void slurmdbdOutOfReachIsTransient() {
        slurmrestd.stubFor(get("/slurm/v0.0.42/job/1").willReturn(RecordedResponses.recorded("job-get-missing")));
        slurmrestd.stubFor(get("/slurmdb/v0.0.42/job/1")
                .willReturn(RecordedResponses.recorded("slurmdb-job-unreachable")));

        assertThatThrownBy(() -> gateway.job(1, "alice"))
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
                    assertThat(e.getMessage()).contains("Unable to connect to database");
                });
    }

    @Test
    void aPingIsOnlyGoodWhenSlurmctldResponds() {
        slurmrestd.stubFor(get("/slurm/v0.0.42/ping/").willReturn(RecordedResponses.recorded("ping-controller-down")));

        // slurmrestd says 200, but "pinged": "DOWN"
        assertThat(RecordedResponses.status("ping-controller-down")).isEqualTo(200);
        assertThatThrownBy(gateway::ping).isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
            assertThat(e.getMessage()).contains("slurmctld does not respond").contains("DOWN");
        });

        slurmrestd.stubFor(get("/slurm/v0.0.42/ping/").willReturn(RecordedResponses.recorded("ping")));
        gateway.ping();
    }

    // ---- transient: slurmrestd itself out of reach

    @Test
    void aRefusedConnectionNeverReachedSlurm() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        SlurmRestGateway nowhere = gatewayAt(URI.create("http://127.0.0.1:" + closed), Duration.ofSeconds(2));

        assertThatThrownBy(() -> nowhere.submit(submission()))
                .isInstanceOfSatisfying(SlurmUnreachableException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
                    assertThat(e.mayHaveArrived()).isFalse();
                    assertThat(e.getMessage()).contains("slurmrestd unreachable (ConnectException");
                });
    }

    @Test
    void aReadTimeoutMayHaveReachedSlurm() {
        slurmrestd.stubFor(post("/slurm/v0.0.42/job/submit")
                .willReturn(RecordedResponses.recorded("submit-ok").withFixedDelay(1500)));
        SlurmRestGateway impatient = gatewayAt(URI.create(slurmrestd.baseUrl()), Duration.ofMillis(300));

        assertThatThrownBy(() -> impatient.submit(submission()))
                .isInstanceOfSatisfying(SlurmUnreachableException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
                    assertThat(e.mayHaveArrived()).as("the job may exist: never submit it again another way").isTrue();
                });
    }

    @Test
    void aProxyAnsweringForAnAbsentSlurmrestdIsUnreachable() {
        slurmrestd.stubFor(get(urlPathEqualTo("/slurm/v0.0.42/jobs/state/")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "text/html").withBody("<html><body>503 Service Unavailable</body></html>")));

        assertThatThrownBy(() -> gateway.states(List.of(1L))).isInstanceOf(SlurmUnreachableException.class);
    }

    private SlurmRestGateway gatewayAt(URI url, Duration readTimeout) {
        return SlurmRestConfiguration.gateway(RestClient.builder(), new SlurmRestProperties(url, key, null,
                        Duration.ofMinutes(10), "slurm", Duration.ofSeconds(2), readTimeout),
                new JwtKeySlurmTokens(key, Duration.ofMinutes(10), Clock.systemUTC()));
    }

    static JobSubmission submission() {
        String script = "#!/bin/bash\n#SBATCH --time=1\nsleep 1\n";
        return new JobSubmission(UUID.randomUUID(), 1, "alice", script, "/home/alice", Map.of("PATH", "/usr/bin:/bin"),
                SbatchParser.parse(script, List.of(), new ParseContext(Clock.systemUTC(), ZoneOffset.UTC)), null, null,
                false, "longrun:test:1");
    }
}
