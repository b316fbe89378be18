package io.longrun.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.longrun.support.DevCluster;
import io.longrun.support.OwnSlurmrestd;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Slurm outage makes Longrun unready and never kills it: stopping slurmrestd turns readiness DOWN while
 * liveness stays UP, and starting it again brings readiness back. Uses an extra slurmrestd of its own
 * (port 6822) so the other real-cluster tests keep theirs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:readiness-it;DB_CLOSE_DELAY=-1",
        "longrun.slurm.rest.url=http://127.0.0.1:6822",
        "longrun.slurm.rest.connect-timeout=1s",
        "longrun.slurm.rest.read-timeout=3s"})
class ReadinessIT {
    static final String PORT = "6822";
    @RegisterExtension
    static final OwnSlurmrestd RESTD = new OwnSlurmrestd(PORT);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void slurm(DynamicPropertyRegistry registry) {
        registry.add("longrun.slurm.rest.jwt-key-file", () -> DevCluster.keyPath().toString());
    }

    @Test
    void slurmDecidesReadinessNeverLiveness() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> status("/actuator/health/readiness") == 200);
        assertThat(status("/actuator/health/liveness")).isEqualTo(200);

        RESTD.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> status("/actuator/health/readiness") == 503);
        assertThat(body("/actuator/health/readiness")).contains("\"slurm\"").contains("DOWN");
        assertThat(status("/actuator/health/liveness")).isEqualTo(200);

        RESTD.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> status("/actuator/health/readiness") == 200);
        assertThat(status("/actuator/health/liveness")).isEqualTo(200);
    }

    private int status(String path) throws Exception {
        return HTTP.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String body(String path) throws Exception {
        return HTTP.send(request(path), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .build();
    }
}
