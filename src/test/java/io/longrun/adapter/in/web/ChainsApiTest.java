package io.longrun.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.longrun.application.port.out.ChainRepository;
import io.longrun.support.FakeSlurm;
import io.longrun.support.FakeSlurmConfiguration;
import io.longrun.support.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.json.JsonMapper;

/** The API as a portal sees it: what a good request gets, and the problem every bad one gets instead. */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:api-test;DB_CLOSE_DELAY=-1",
        "longrun.poll.enabled=false",
        "longrun.slurm.rest.jwt-key-file=/nonexistent",
        "longrun.security.slurm.key-file=src/test/resources/security/slurm-test.key"})
@Import(FakeSlurmConfiguration.class)
@AutoConfigureMockMvc
class ChainsApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;
    @Autowired
    ChainRepository repository;
    @Autowired
    FakeSlurm slurm;

    @BeforeEach
    void reset() {
        slurm.reset();
    }

    /** alice's own Slurm token, as {@code scontrol token} gives it to her. */
    static RequestPostProcessor alice() {
        return as("alice");
    }

    static RequestPostProcessor as(String user) {
        String token = TestTokens.slurm(user);
        return request -> {
            request.addHeader("Authorization", "Bearer " + token);
            return request;
        };
    }

    private String create(String body) throws Exception {
        String created = mvc.perform(post("/chains").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return JSON.readTree(created).get("id").asString();
    }

    @Test
    void aChainIsCreatedSubmittedAndReadBack() throws Exception {
        String body = JSON.writeValueAsString(Map.of("user", "alice",
                "script", "#!/bin/bash\n#SBATCH --time=1\n#SBATCH -J train\nsleep 1\n",
                "args", List.of("--partition=debug"), "maxRestarts", 4));
        String created = mvc.perform(post("/chains").with(alice()).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", containsString("/chains/")))
                .andExpect(jsonPath("$.state").value("ACTIVE"))
                .andExpect(jsonPath("$.name").value("train"))
                .andExpect(jsonPath("$.maxRestarts").value(4))
                .andExpect(jsonPath("$.restartsUsed").value(0))
                .andExpect(jsonPath("$.attempts[0].number").value(1))
                .andExpect(jsonPath("$.attempts[0].slurmState").value("PENDING"))
                .andReturn().getResponse().getContentAsString();
        String id = JSON.readTree(created).get("id").asString();
        long jobId = JSON.readTree(created).get("initialJobId").asLong();
        assertThat(slurm.lastSubmission().options().partition()).contains("debug");

        mvc.perform(get("/chains/{id}", id).with(alice()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.currentJobId").value(jobId))
                .andExpect(jsonPath("$.attempts[0].jobId").value(jobId));
        mvc.perform(get("/chains").with(alice()).param("user", "alice"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value(id));
    }

    @Test
    void scriptArgumentsAreTheScriptsOwnAndComeBackUnchanged() throws Exception {
        List<String> arguments = List.of("a b", "", "--time=5", "-n", "$HOME*", "it's \"q\"", "x\ny");
        String body = JSON.writeValueAsString(Map.of("script", "#!/bin/bash\n#SBATCH --time=1\necho \"$@\"\n",
                "scriptArguments", arguments));
        String created = mvc.perform(post("/chains").with(alice()).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.scriptArguments.length()").value(arguments.size()))
                .andExpect(jsonPath("$.args.length()").value(0))
                .andReturn().getResponse().getContentAsString();
        String id = JSON.readTree(created).get("id").asString();
        assertThat(slurm.lastSubmission().scriptArguments()).containsExactlyElementsOf(arguments);
        assertThat(slurm.lastSubmission().options().time().orElseThrow().minutes()).isEqualTo(1);

        String read = mvc.perform(get("/chains/{id}", id).with(alice()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        List<String> readBack = new java.util.ArrayList<>();
        JSON.readTree(read).get("scriptArguments").forEach(word -> readBack.add(word.asString()));
        assertThat(readBack).containsExactlyElementsOf(arguments);
    }

    @Test
    void withoutScriptArgumentsTheListIsEmpty() throws Exception {
        String id = create("{\"script\":\"#!/bin/bash\\ntrue\\n\"}");
        mvc.perform(get("/chains/{id}", id).with(alice())).andExpect(jsonPath("$.scriptArguments.length()").value(0));
        assertThat(slurm.lastSubmission().scriptArguments()).isEmpty();
    }

    @Test
    void theUserDefaultsToTheCallersOwn() throws Exception {
        String id = create("{\"script\":\"#!/bin/bash\\ntrue\\n\"}");
        mvc.perform(get("/chains/{id}", id).with(alice())).andExpect(jsonPath("$.user").value("alice"));
        assertThat(slurm.lastSubmission().user()).isEqualTo("alice");
    }

    @Test
    void eventsArePolicyCanBeChangedAndListsFilterByState() throws Exception {
        String id = create("{\"script\":\"#!/bin/bash\\ntrue\\n\",\"maxRestarts\":1}");
        mvc.perform(get("/chains/{id}/events", id).with(alice()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].type").value("CREATED"));
        mvc.perform(patch("/chains/{id}", id).with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"maxRestarts\":20}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.maxRestarts").value(20));
        mvc.perform(patch("/chains/{id}", id).with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"policy\":{\"resubmitOn\":[\"COMPLETED\"]}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:longrun:problem:invalid-request"));
        mvc.perform(get("/chains").with(alice()).param("state", "ACTIVE"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == '" + id + "')]").exists());
        mvc.perform(get("/chains").with(alice()).param("state", "NOPE"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/chains").with(alice()).param("limit", "100000"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void anUnknownChainIsA404Problem() throws Exception {
        mvc.perform(get("/chains/{id}", "5f1d7a52-0000-4000-8000-000000000000").with(alice()))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:longrun:problem:chain-not-found"));
        mvc.perform(get("/chains/{id}", "not-a-uuid").with(alice()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:longrun:problem:invalid-request"));
    }

    @Test
    void cancellingAnEndedChainIsAConflict() throws Exception {
        String id = create(JSON.writeValueAsString(Map.of("user", "alice", "script", "#!/bin/sh\ntrue\n")));
        mvc.perform(post("/chains/{id}/cancel", id).with(alice())).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("CANCELLED"));
        mvc.perform(post("/chains/{id}/cancel", id).with(alice())).andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:longrun:problem:chain-state-conflict"));
        mvc.perform(patch("/chains/{id}", id).with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"maxRestarts\":3}"))
                .andExpect(status().isConflict());
    }

    @Test
    void theContractIsServedWithoutCredentials() throws Exception {
        mvc.perform(get("/openapi.yaml"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("application/yaml"))
                .andExpect(content().string(containsString("operationId: createChain")));
    }

    @Test
    void theWrongMediaTypeIsA415Problem() throws Exception {
        mvc.perform(post("/chains").with(alice()).contentType(MediaType.TEXT_PLAIN).content("#!/bin/bash\n"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:longrun:problem:unsupported-media-type"));
    }

    @Test
    void aBodyAboveTheLimitIsA413Problem() throws Exception {
        byte[] huge = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');
        mvc.perform(post("/chains").with(alice()).contentType(MediaType.APPLICATION_JSON).content(huge))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:longrun:problem:payload-too-large"));
    }

    record BadRequest(String name, String body, String type, String detail) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<BadRequest> badRequests() {
        String bigScript = "#!/bin/bash\n" + "x".repeat(1024 * 1024);
        StringBuilder manyArgs = new StringBuilder("[");
        for (int i = 0; i < 257; i++) {
            manyArgs.append(i == 0 ? "" : ",").append("\"--hold\"");
        }
        manyArgs.append(']');
        StringBuilder manyVariables = new StringBuilder("{");
        for (int i = 0; i < 129; i++) {
            manyVariables.append(i == 0 ? "" : ",").append("\"V").append(i).append("\":\"1\"");
        }
        manyVariables.append('}');
        String script = "\"script\":\"#!/bin/bash\\n\"";
        return List.of(
                new BadRequest("no script", "{\"user\":\"alice\"}", "urn:longrun:problem:invalid-request", "script"),
                new BadRequest("unknown option in args",
                        "{\"user\":\"alice\",\"script\":\"#!/bin/bash\\n\",\"args\":[\"--frobnicate=3\"]}",
                        "urn:longrun:problem:invalid-sbatch-option", "--frobnicate"),
                new BadRequest("unknown option in a directive",
                        "{\"user\":\"alice\",\"script\":\"#!/bin/bash\\n#SBATCH --frobnicate\\n\"}",
                        "urn:longrun:problem:invalid-sbatch-option", "--frobnicate"),
                new BadRequest("malformed time",
                        "{\"user\":\"alice\",\"script\":\"#!/bin/bash\\n#SBATCH --time=1:xx\\n\"}",
                        "urn:longrun:problem:invalid-sbatch-option", "--time"),
                new BadRequest("no interpreter line", "{\"user\":\"alice\",\"script\":\"echo hi\\n\"}",
                        "urn:longrun:problem:invalid-script", "#!"),
                new BadRequest("bad user name", "{\"user\":\"alice; rm -rf /\",\"script\":\"#!/bin/bash\\n\"}",
                        "urn:longrun:problem:invalid-request", "user"),
                new BadRequest("negative restarts",
                        "{\"user\":\"alice\",\"script\":\"#!/bin/bash\\n\",\"maxRestarts\":-1}",
                        "urn:longrun:problem:invalid-request", "maxRestarts"),
                new BadRequest("broken JSON", "{\"user\":", "urn:longrun:problem:invalid-request", "not valid JSON"),
                new BadRequest("empty body", "", "urn:longrun:problem:invalid-request", "missing"),
                new BadRequest("wrong type", "{" + script + ",\"maxRestarts\":\"many\"}",
                        "urn:longrun:problem:invalid-request", "not valid JSON"),
                new BadRequest("args not a list", "{" + script + ",\"args\":{\"a\":1}}",
                        "urn:longrun:problem:invalid-request", "not valid JSON"),
                new BadRequest("script above 1 MiB", JSON.writeValueAsString(Map.of("script", bigScript)),
                        "urn:longrun:problem:invalid-request", "script"),
                new BadRequest("257 args", "{" + script + ",\"args\":" + manyArgs + "}",
                        "urn:longrun:problem:invalid-request", "args"),
                new BadRequest("257 script arguments", "{" + script + ",\"scriptArguments\":" + manyArgs + "}",
                        "urn:longrun:problem:invalid-request", "scriptArguments"),
                new BadRequest("a script argument above 4096 characters", JSON.writeValueAsString(Map.of(
                        "script", "#!/bin/bash\n", "scriptArguments", List.of("x".repeat(4097)))),
                        "urn:longrun:problem:invalid-request", "scriptArguments"),
                new BadRequest("script arguments above 64 KiB", JSON.writeValueAsString(Map.of(
                        "script", "#!/bin/bash\n", "scriptArguments", java.util.Collections.nCopies(17, "x".repeat(4000)))),
                        "urn:longrun:problem:invalid-request", "64 KiB"),
                new BadRequest("NUL in a script argument", "{" + script + ",\"scriptArguments\":[\"ok\",\"a\\u0000b\"]}",
                        "urn:longrun:problem:invalid-request", "scriptArguments[1]"),
                new BadRequest("null script argument", "{" + script + ",\"scriptArguments\":[null]}",
                        "urn:longrun:problem:invalid-request", "scriptArguments[0]"),
                new BadRequest("script arguments not a list", "{" + script + ",\"scriptArguments\":\"a b\"}",
                        "urn:longrun:problem:invalid-request", "not valid JSON"),
                new BadRequest("a script argument in args", "{" + script + ",\"args\":[\"--time=5\",\"input.dat\"]}",
                        "urn:longrun:problem:invalid-sbatch-option", "scriptArguments"),
                new BadRequest("129 variables", "{" + script + ",\"environment\":" + manyVariables + "}",
                        "urn:longrun:problem:invalid-request", "environment"),
                new BadRequest("environment above 64 KiB", JSON.writeValueAsString(Map.of("script", "#!/bin/bash\n",
                        "environment", Map.of("BIG", "x".repeat(65 * 1024)))),
                        "urn:longrun:problem:invalid-request", "64 KiB"),
                new BadRequest("environment name", "{" + script + ",\"environment\":{\"A-B\":\"1\"}}",
                        "urn:longrun:problem:invalid-request", "not a variable name"),
                new BadRequest("reserved environment prefix",
                        "{" + script + ",\"environment\":{\"SLURM_LONGRUN_ATTEMPT\":\"7\"}}",
                        "urn:longrun:problem:invalid-request", "SLURM_LONGRUN_"),
                new BadRequest("NUL in the script", "{\"script\":\"#!/bin/bash\\n\\u0000\"}",
                        "urn:longrun:problem:invalid-request", "NUL"),
                new BadRequest("newline in an arg", "{" + script + ",\"args\":[\"--job-name=a\\nb\"]}",
                        "urn:longrun:problem:invalid-request", "args[0]"),
                new BadRequest("relative working directory", "{" + script + ",\"workingDirectory\":\"x/../..\"}",
                        "urn:longrun:problem:invalid-request", "workingDirectory"),
                new BadRequest("path trick in --output", "{" + script + ",\"args\":[\"--output=../../etc/passwd\"]}",
                        "urn:longrun:problem:invalid-sbatch-option", "'..'"),
                new BadRequest("path trick in a --chdir directive",
                        "{\"script\":\"#!/bin/bash\\n#SBATCH --chdir=/home/alice/../../etc\\n\"}",
                        "urn:longrun:problem:invalid-sbatch-option", "'..'"),
                new BadRequest("--wrap", "{" + script + ",\"args\":[\"--wrap=rm -rf /\"]}",
                        "urn:longrun:problem:invalid-sbatch-option", "--wrap"),
                new BadRequest("bad Idempotency-Key", "{" + script + "}", "urn:longrun:problem:invalid-request",
                        "Idempotency-Key"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void aBadRequestIsA400ProblemAndStoresNothing(BadRequest bad) throws Exception {
        int before = repository.list(null, null, 500).size();
        var request = post("/chains").with(alice()).contentType(MediaType.APPLICATION_JSON).content(bad.body());
        if (bad.name().equals("bad Idempotency-Key")) {
            request.header("Idempotency-Key", "key with spaces");
        }
        mvc.perform(request)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.title").exists())
                .andExpect(jsonPath("$.type").value(bad.type()))
                .andExpect(jsonPath("$.detail", containsString(bad.detail())));
        assertThat(repository.list(null, null, 500)).hasSize(before);
        assertThat(slurm.submissions).isEmpty();
    }

    @Test
    void theRejectedOptionIsNamedInItsOwnMember() throws Exception {
        mvc.perform(post("/chains").with(alice()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user\":\"alice\",\"script\":\"#!/bin/bash\\n\",\"args\":[\"--frobnicate=3\"]}"))
                .andExpect(jsonPath("$.option", startsWith("--frobnicate")));
    }
}
