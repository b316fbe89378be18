package io.longrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.longrun.support.DevCluster;
import io.longrun.support.LongrunClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Two users on the real cluster, each with their own {@code scontrol token} (checked with the dev cluster's key):
 * each submits, each sees only their own chain, and bob cannot cancel alice's (404, as if it did not exist).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:two-users-it;DB_CLOSE_DELAY=-1",
        "longrun.poll.interval=2s"})
class TwoUsersIT {
    static final String SCRIPT = "#!/bin/bash\n#SBATCH --time=1 --job-name=longrun-two-users\nsleep 30\n";

    @LocalServerPort
    int port;

    @BeforeAll
    static void clusterRunning() {
        DevCluster.assumeRunning();
    }

    @DynamicPropertySource
    static void slurm(DynamicPropertyRegistry registry) {
        registry.add("longrun.slurm.rest.url", DevCluster::restUrl);
        registry.add("longrun.slurm.rest.jwt-key-file", () -> DevCluster.keyPath().toString());
        registry.add("longrun.security.slurm.key-file", () -> DevCluster.keyPath().toString());
    }

    @Test
    void eachUserSeesAndTouchesOnlyTheirOwnChains() {
        LongrunClient alice = new LongrunClient(port, DevCluster.token("alice"));
        LongrunClient bob = new LongrunClient(port, DevCluster.token("bob"));

        JsonNode alices = alice.createChain(java.util.Map.of("script", SCRIPT, "maxRestarts", 0));
        JsonNode bobs = bob.createChain(java.util.Map.of("script", SCRIPT, "maxRestarts", 0));
        String aliceId = alices.get("id").asString();
        String bobId = bobs.get("id").asString();
        assertThat(alices.get("user").asString()).isEqualTo("alice");
        assertThat(bobs.get("user").asString()).isEqualTo("bob");
        assertThat(alices.get("state").asString()).isEqualTo("ACTIVE");
        assertThat(bobs.get("state").asString()).isEqualTo("ACTIVE");
        // Slurm ran each job as its own user.
        String owner = DevCluster.as("alice", null, "squeue", "-h", "-o", "%u", "-j",
                alices.get("initialJobId").asString()).orThrow().stdout().strip();
        assertThat(owner).isEqualTo("alice");

        assertThat(ids(alice.list())).contains(aliceId).doesNotContain(bobId);
        assertThat(ids(bob.list())).contains(bobId).doesNotContain(aliceId);
        assertThat(bob.chainStatus(aliceId)).isEqualTo(404);
        assertThat(bob.cancelStatus(aliceId)).isEqualTo(404);
        assertThat(alice.chain(aliceId).get("state").asString()).isEqualTo("ACTIVE");

        assertThat(alice.cancel(aliceId).get("state").asString()).isEqualTo("CANCELLED");
        assertThat(bob.cancel(bobId).get("state").asString()).isEqualTo("CANCELLED");
    }

    static List<String> ids(JsonNode chains) {
        List<String> ids = new ArrayList<>();
        chains.forEach(chain -> ids.add(chain.get("id").asString()));
        return ids;
    }
}
