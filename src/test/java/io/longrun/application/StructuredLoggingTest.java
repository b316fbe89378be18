package io.longrun.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.longrun.application.port.in.ChainUseCases;
import io.longrun.application.port.in.NewChain;
import io.longrun.domain.Chain;
import io.longrun.support.FakeSlurm;
import io.longrun.support.FakeSlurmConfiguration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** With one setting the logs are JSON, and each chain decision carries its chain, job and user. */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:logging-test;DB_CLOSE_DELAY=-1",
        "longrun.poll.enabled=false",
        "longrun.slurm.rest.jwt-key-file=/nonexistent",
        "logging.structured.format.console=ecs"})
@Import(FakeSlurmConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTest {
    @Autowired
    ChainUseCases chains;
    @Autowired
    ChainPoller poller;
    @Autowired
    FakeSlurm slurm;

    @Test
    void decisionsAreJsonLinesWithChainJobAndUser(CapturedOutput output) {
        Chain chain = chains.create(new NewChain("bob", "#!/bin/bash\nsleep 1\n", List.of(), null, Map.of(), null));
        long job = chain.currentAttempt().jobId();
        slurm.setState(job, "TIMEOUT");
        poller.pollOnce();

        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> decisions = output.getOut().lines().filter(line -> line.startsWith("{"))
                .map(json::readTree)
                .filter(line -> chain.id().toString().equals(line.path("chainId").asString(null)))
                .toList();
        assertThat(decisions).extracting(line -> line.get("message").asString())
                .anySatisfy(message -> assertThat(message).contains("job submitted with ID: " + job))
                .anySatisfy(message -> assertThat(message).contains("reached final state: TIMEOUT"));
        assertThat(decisions).allSatisfy(line -> {
            assertThat(line.get("slurmUser").asString()).isEqualTo("bob");
            assertThat(line.has("jobId")).isTrue();
        });
    }
}
