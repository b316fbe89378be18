package io.longrun.adapter.out.slurm.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.longrun.domain.JobSubmission;
import io.longrun.domain.sbatch.ParseContext;
import io.longrun.domain.sbatch.SbatchParser;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * To slurmrestd a JSON {@code null} is a value, not "unset" ({@code "job_id": null} became job 0 and the submit
 * failed; {@code "requeue": null} would mean false): no request body Longrun sends may contain one, nor an empty
 * list or object, whatever the options.
 */
class NoNullInRequestBodiesTest {
    @RegisterExtension
    static WireMockExtension slurmrestd = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    static Path keys;

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

    /** From no option at all to every option the mapping passes on, with the submission's own overrides. */
    static final List<String> SCRIPTS = List.of(
            "#!/bin/bash\nsleep 1\n",
            "#!/bin/bash\n#SBATCH --time=5 -J name\nsleep 1\n",
            """
            #!/bin/bash
            #SBATCH --job-name=all --partition=debug --account=research --qos=normal --reservation=r1 --wckey=w
            #SBATCH --time=1-02:03:04 --time-min=30 --nodes=1-2 --ntasks=2 --ntasks-per-node=2 --cpus-per-task=1
            #SBATCH --mem=1G --tmp=100M --gres=gpu:1 --constraint=fast --nodelist=localhost --exclude=other
            #SBATCH --exclusive --licenses=lic:1 --chdir=sub --output=o-%j.out --error=e-%j.err --input=/dev/null
            #SBATCH --open-mode=append --signal=B:USR1@60 --requeue --export=ALL,EXTRA=1 --mail-type=END,FAIL
            #SBATCH --mail-user=a@example.org --dependency=afterok:1 --kill-on-invalid-dep=yes
            #SBATCH --begin=now+1hour --deadline=now+1day --hold --nice=5 --priority=10 --comment=c
            sleep 1
            """,
            "#!/bin/bash\n#SBATCH --time=UNLIMITED --no-requeue --export=NONE --mem-per-cpu=100 --gpus=1\nsleep 1\n",
            "#!/bin/bash\n#SBATCH --mem-per-gpu=2G --gpus-per-node=1 --exclusive=user --mail-type=NONE\nsleep 1\n");

    @Test
    void noRequestBodyHoldsANullOrAnEmptyValue() throws Exception {
        Path key = Files.write(keys.resolve("jwt_hs256.key"), "0123456789abcdef0123456789abcdef".getBytes());
        SlurmRestGateway gateway = SlurmRestConfiguration.gateway(RestClient.builder(),
                new SlurmRestProperties(URI.create(slurmrestd.baseUrl()), key, null, Duration.ofMinutes(10), "slurm",
                        Duration.ofSeconds(2), Duration.ofSeconds(5)),
                new JwtKeySlurmTokens(key, Duration.ofMinutes(10), CLOCK));
        slurmrestd.stubFor(post("/slurm/v0.0.42/job/submit").willReturn(RecordedResponses.recorded("submit-ok")));
        slurmrestd.stubFor(get(urlPathEqualTo("/slurm/v0.0.42/jobs/state/")).willReturn(RecordedResponses.recorded("jobs-state")));
        slurmrestd.stubFor(get(urlPathEqualTo("/slurm/v0.0.42/job/4")).willReturn(RecordedResponses.recorded("job-get-completed")));
        slurmrestd.stubFor(delete("/slurm/v0.0.42/job/5").willReturn(RecordedResponses.recorded("cancel")));
        slurmrestd.stubFor(get("/slurm/v0.0.42/ping/").willReturn(RecordedResponses.recorded("ping")));
        slurmrestd.stubFor(any(anyUrl()).atPriority(10).willReturn(RecordedResponses.recorded("job-get-missing")));

        for (String script : SCRIPTS) {
            gateway.submit(submission(script, false));
            gateway.submit(submission(script, true));
        }
        gateway.states(List.of(5L, 4L));
        gateway.job(4, "alice");
        gateway.cancel(5, "alice");
        gateway.ping();

        List<LoggedRequest> requests = slurmrestd.findAll(anyRequestedFor(anyUrl()));
        assertThat(requests).hasSizeGreaterThanOrEqualTo(2 * SCRIPTS.size() + 4);
        List<String> offending = new ArrayList<>();
        for (LoggedRequest request : requests) {
            String body = request.getBodyAsString();
            if (body == null || body.isEmpty()) {
                continue;
            }
            collect(JsonMapper.builder().build().readTree(body), "$", offending);
        }
        assertThat(offending).as("JSON nulls or empty values in request bodies").isEmpty();
    }

    private static void collect(JsonNode node, String path, List<String> offending) {
        if (node.isNull()) {
            offending.add(path + " is null");
        } else if ((node.isArray() || node.isObject()) && node.isEmpty()) {
            offending.add(path + " is empty");
        } else if (node.isObject()) {
            node.properties().forEach(field -> collect(field.getValue(), path + "." + field.getKey(), offending));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", offending);
            }
        }
    }

    private static JobSubmission submission(String script, boolean resubmission) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", "/usr/bin:/bin");
        environment.put("SLURM_LONGRUN_ATTEMPT", resubmission ? "2" : "1");
        return new JobSubmission(UUID.randomUUID(), resubmission ? 2 : 1, "alice", script, "/home/alice", environment,
                SbatchParser.parse(script, List.of(), new ParseContext(CLOCK, ZoneOffset.UTC)),
                resubmission ? "/home/alice/slurm-4.out" : null, null, resubmission,
                resubmission ? "longrun:x:2" : null);
    }
}
