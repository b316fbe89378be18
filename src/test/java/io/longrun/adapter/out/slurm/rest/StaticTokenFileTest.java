package io.longrun.adapter.out.slurm.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.longrun.application.port.out.SlurmGatewayException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.client.RestClient;

/** A static SlurmUser token read from a file: the authenticating-proxy model. */
class StaticTokenFileTest {
    @RegisterExtension
    static WireMockExtension slurmrestd = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    @Test
    void theTokenIsReadAsScontrolPrintsItAndAgainWhenTheFileChanges() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "SLURM_JWT=aaa.bbb.ccc\n");
        StaticTokenFile tokens = new StaticTokenFile(file);

        assertThat(tokens.tokenFor("alice")).isEqualTo("aaa.bbb.ccc");
        assertThat(tokens.tokenFor("bob")).as("one token for every user").isEqualTo("aaa.bbb.ccc");

        Files.writeString(file, "ddd.eee.fffg\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(tokens.tokenFor("alice")).isEqualTo("ddd.eee.fffg");
    }

    @Test
    void aMissingOrEmptyFileIsTransientAndNeverShowsItsContent() throws Exception {
        StaticTokenFile missing = new StaticTokenFile(dir.resolve("nope"));
        assertThatThrownBy(() -> missing.tokenFor("alice")).isInstanceOfSatisfying(SlurmGatewayException.class,
                e -> {
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.getMessage()).contains("cannot read the Slurm token file");
                });

        Path garbled = Files.writeString(dir.resolve("garbled"), "two words-secret\n");
        assertThatThrownBy(() -> new StaticTokenFile(garbled).tokenFor("alice"))
                .isInstanceOfSatisfying(SlurmGatewayException.class,
                        e -> assertThat(e.getMessage()).contains("does not hold one token").doesNotContain("secret"));
        assertThat(new StaticTokenFile(garbled)).hasToString("StaticTokenFile[file=" + garbled + "]");
    }

    @Test
    void theTokenGoesWithTheChainsUserAsTheUserName() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "slurmuser.token.value\n");
        SlurmRestGateway gateway = SlurmRestConfiguration.gateway(RestClient.builder(),
                new SlurmRestProperties(URI.create(slurmrestd.baseUrl()), null, file, Duration.ofMinutes(10), "slurm",
                        Duration.ofSeconds(2), Duration.ofSeconds(5)),
                new StaticTokenFile(file));
        slurmrestd.stubFor(post("/slurm/v0.0.42/job/submit").willReturn(RecordedResponses.recorded("submit-ok")));
        slurmrestd.stubFor(get(urlPathEqualTo("/slurm/v0.0.42/jobs/state/"))
                .willReturn(RecordedResponses.recorded("jobs-state")));

        gateway.submit(SlurmRestErrorClassesTest.submission());
        gateway.states(List.of(5L));

        slurmrestd.verify(postRequestedFor(urlEqualTo("/slurm/v0.0.42/job/submit"))
                .withHeader("X-SLURM-USER-NAME", equalTo("alice"))
                .withHeader("X-SLURM-USER-TOKEN", equalTo("slurmuser.token.value")));
        slurmrestd.verify(getRequestedFor(urlPathEqualTo("/slurm/v0.0.42/jobs/state/"))
                .withHeader("X-SLURM-USER-NAME", equalTo("slurm"))
                .withHeader("X-SLURM-USER-TOKEN", equalTo("slurmuser.token.value")));
    }
}
