package io.longrun.adapter.out.slurm;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.longrun.adapter.out.slurm.rest.SlurmTokens;
import io.longrun.application.port.out.SlurmGatewayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A static Slurm token lives in its file only: not in configprops or env (even with values shown), not in a log line,
 * not in an error message, not in a toString.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:slurm-secrets;DB_CLOSE_DELAY=-1",
        "longrun.poll.enabled=false",
        "longrun.security.enabled=false",
        "management.endpoints.web.exposure.include=configprops,env,info,prometheus",
        "management.endpoint.configprops.show-values=always",
        "management.endpoint.env.show-values=always",
        "logging.level.org.springframework.web.client=TRACE",
        "logging.level.io.longrun=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
class SlurmSecretsStayHiddenTest {
    static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdW4iOiJzbHVybSJ9.c2VjcmV0LXNpZ25hdHVyZQ";

    @RegisterExtension
    static WireMockExtension slurmrestd = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    static Path tokenFile;

    @LocalServerPort
    int port;
    @Autowired
    AdaptiveSlurmGateway gateway;
    @Autowired
    SlurmTokens tokens;

    @DynamicPropertySource
    static void slurm(DynamicPropertyRegistry registry) throws IOException {
        tokenFile = Files.createTempFile("slurm-token", "");
        Files.writeString(tokenFile, "SLURM_JWT=" + TOKEN + "\n");
        registry.add("longrun.slurm.rest.url", slurmrestd::baseUrl);
        registry.add("longrun.slurm.rest.token-file", tokenFile::toString);
    }

    @Test
    void theTokenIsSentButNeverShown(CapturedOutput output) {
        slurmrestd.stubFor(get("/slurm/v0.0.42/ping/").willReturn(WireMock.aResponse().withStatus(511)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errors\": [{\"error_number\": 1007, \"error\": \"Protocol authentication error\"}]}")));

        assertThatThrownBy(gateway::ping).isInstanceOfSatisfying(SlurmGatewayException.class,
                e -> assertThat(e.getMessage() + e.slurmErrors() + e).doesNotContain(TOKEN));
        slurmrestd.verify(getRequestedFor(urlEqualTo("/slurm/v0.0.42/ping/"))
                .withHeader("X-SLURM-USER-TOKEN", equalTo(TOKEN)));

        String configprops = fetch("/actuator/configprops");
        assertThat(configprops).contains("longrun.slurm.rest").contains(tokenFile.toString()).doesNotContain(TOKEN);
        assertThat(fetch("/actuator/env")).contains(tokenFile.toString()).doesNotContain(TOKEN);
        assertThat(fetch("/actuator/info")).contains("\"slurm\"").contains("\"adapter\":\"rest\"");
        assertThat(tokens.toString()).doesNotContain(TOKEN);
        // the call above, timed with a percentile histogram, and the fallback counter at 0
        assertThat(fetch("/actuator/prometheus"))
                .contains("longrun_slurm_calls_seconds_bucket{adapter=\"rest\",operation=\"ping\",outcome=\"transient\"")
                .contains("longrun_slurm_fallback_total 0.0")
                .contains("longrun_slurm_adapter{adapter=\"rest\"} 1.0");
        assertThat(output.getAll()).doesNotContain(TOKEN);
    }

    private String fetch(String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
