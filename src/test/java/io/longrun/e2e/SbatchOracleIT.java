package io.longrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.longrun.support.DevCluster;
import io.longrun.support.LongrunClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * sbatch is the oracle: each script (with its args) is submitted once with the real sbatch and once through
 * Longrun, and the two jobs must agree on every field Longrun reads from directives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:oracle-it;DB_CLOSE_DELAY=-1",
        "longrun.poll.enabled=false"})
class SbatchOracleIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> COMPARED = List.of("name", "time_limit", "partition", "standard_output",
            "standard_error", "standard_input", "current_working_directory");

    record Case(String directives, List<String> args) {
    }

    static final List<Case> CASES = List.of(
            new Case("#SBATCH --time=5\n#SBATCH --job-name=minutes", List.of()),
            new Case("#SBATCH -t 5:30\n#SBATCH -J min-sec", List.of()),
            new Case("#SBATCH --time=0:59 -J rounds-up", List.of()),
            new Case("#SBATCH --time=1:02:03 --job-name=h-m-s", List.of()),
            new Case("#SBATCH --time=2-3\n#SBATCH --job-name=days-hours", List.of()),
            new Case("#SBATCH --time=2-3:04\n#SBATCH --job-name=days-h-m", List.of()),
            new Case("#SBATCH --time=1-02:03:04\n#SBATCH --job-name=days-h-m-s", List.of()),
            new Case("#SBATCH --time=UNLIMITED\n#SBATCH --job-name=unlimited", List.of()),
            new Case("#SBATCH --time 90\n#SBATCH --job-name \"two words\"", List.of()),
            new Case("#SBATCH --partition=high --time=10", List.of()),
            new Case("#SBATCH -p debug\n#SBATCH -t 10", List.of()),
            new Case("#SBATCH --output=out-%j.log\n#SBATCH --error=err-%j.log", List.of()),
            new Case("#SBATCH -o plain.out -e plain.err", List.of()),
            new Case("#SBATCH --output=/tmp/abs-%x-%j.out", List.of("--job-name=named-by-args")),
            new Case("#SBATCH --time=30\n#SBATCH --job-name=from-directive", List.of("--time=7", "-J", "from-args")),
            new Case("#SBATCH --job-name=before-command\necho hello\n#SBATCH --job-name=after-command", List.of()),
            new Case("#SBATCH --chdir=/tmp\n#SBATCH --output=chdir.out", List.of()),
            new Case("#SBATCH --signal=B:USR1@60 --open-mode=append --time=3", List.of()),
            new Case("", List.of("--time=4:00:00", "--partition=high", "--output=args-only.out")),
            new Case("#SBATCH --job-name=spaces  # a trailing comment\n#SBATCH --time=15", List.of()));

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
    }

    @Test
    void longrunSubmitsWhatSbatchSubmits() {
        LongrunClient longrun = new LongrunClient(port);
        List<String> mismatches = new ArrayList<>();
        for (Case testCase : CASES) {
            // Held, so that neither job runs while it is compared.
            String script = "#!/bin/bash\n" + testCase.directives() + "\nsleep 600\n";
            List<String> sbatch = new ArrayList<>(List.of("sbatch", "--parsable", "--hold"));
            sbatch.addAll(testCase.args());
            long sbatchJob = Long.parseLong(DevCluster.as("alice", script, sbatch.toArray(String[]::new)).orThrow()
                    .stdout().strip().split(";")[0]);

            JsonNode chain = longrun.createChain(LongrunClient.request("alice", script,
                    withHold(testCase.args()), "/home/alice", 0));
            assertThat(chain.get("state").asString()).as(chain.toString()).isEqualTo("ACTIVE");
            long longrunJob = chain.get("initialJobId").asLong();

            Map<String, JsonNode> expected = fields(sbatchJob);
            Map<String, JsonNode> actual = fields(longrunJob);
            for (String field : COMPARED) {
                if (!String.valueOf(expected.get(field)).equals(String.valueOf(actual.get(field)))) {
                    mismatches.add(testCase + " " + field + ": sbatch " + expected.get(field) + ", longrun "
                            + actual.get(field));
                }
            }
            longrun.cancel(chain.get("id").asString());
            DevCluster.as("alice", null, "scancel", Long.toString(sbatchJob));
        }
        assertThat(mismatches).isEmpty();
    }

    private static List<String> withHold(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.add("--hold");
        return all;
    }

    /** The compared fields of a job as {@code scontrol show job --json} prints them; the job id is blanked out. */
    private static Map<String, JsonNode> fields(long jobId) {
        JsonNode job = JSON.readTree(DevCluster.as("alice", null, "scontrol", "show", "job", "--json",
                Long.toString(jobId)).orThrow().stdout()).get("jobs").get(0);
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (String field : COMPARED) {
            JsonNode value = job.get(field);
            fields.put(field, value == null ? null
                    : JSON.readTree(value.toString().replace(Long.toString(jobId), "<job>")));
        }
        return fields;
    }
}
