package io.longrun.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.longrun.application.port.out.ChainRepository;
import io.longrun.support.FakeSlurm;
import io.longrun.support.FakeSlurmConfiguration;
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
import tools.jackson.databind.json.JsonMapper;

/** The API as a portal sees it: what a good request gets, and the problem every bad one gets instead. */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:api-test;DB_CLOSE_DELAY=-1",
        "longrun.poll.enabled=false",
        "longrun.slurm.rest.jwt-key-file=/nonexistent"})
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

    @Test
    void aChainIsCreatedSubmittedAndReadBack() throws Exception {
        String body = JSON.writeValueAsString(Map.of("user", "alice",
                "script", "#!/bin/bash\n#SBATCH --time=1\n#SBATCH -J train\nsleep 1\n",
                "args", List.of("--partition=debug"), "maxRestarts", 4));
        String created = mvc.perform(post("/chains").contentType(MediaType.APPLICATION_JSON).content(body))
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

        mvc.perform(get("/chains/{id}", id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.currentJobId").value(jobId))
                .andExpect(jsonPath("$.attempts[0].jobId").value(jobId));
        mvc.perform(get("/chains").param("user", "alice"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value(id));
    }

    @Test
    void anUnknownChainIsA404Problem() throws Exception {
        mvc.perform(get("/chains/{id}", "5f1d7a52-0000-4000-8000-000000000000"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:longrun:problem:chain-not-found"));
    }

    @Test
    void cancellingAnEndedChainIsAConflict() throws Exception {
        String created = mvc.perform(post("/chains").contentType(MediaType.APPLICATION_JSON)
                        .content(JSON.writeValueAsString(Map.of("user", "alice", "script", "#!/bin/sh\ntrue\n"))))
                .andReturn().getResponse().getContentAsString();
        String id = JSON.readTree(created).get("id").asString();
        mvc.perform(post("/chains/{id}/cancel", id)).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("CANCELLED"));
        mvc.perform(post("/chains/{id}/cancel", id)).andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:longrun:problem:chain-state-conflict"));
    }

    record BadRequest(String name, String body, String type, String detail) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<BadRequest> badRequests() {
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
                new BadRequest("no user", "{\"script\":\"#!/bin/bash\\n\"}", "urn:longrun:problem:invalid-request",
                        "user"),
                new BadRequest("bad user name", "{\"user\":\"alice; rm -rf /\",\"script\":\"#!/bin/bash\\n\"}",
                        "urn:longrun:problem:invalid-request", "user"),
                new BadRequest("negative restarts",
                        "{\"user\":\"alice\",\"script\":\"#!/bin/bash\\n\",\"maxRestarts\":-1}",
                        "urn:longrun:problem:invalid-request", "maxRestarts"),
                new BadRequest("broken JSON", "{\"user\":", null, null));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void aBadRequestIsA400ProblemAndStoresNothing(BadRequest bad) throws Exception {
        int before = repository.list(null, null, 500).size();
        var result = mvc.perform(post("/chains").contentType(MediaType.APPLICATION_JSON).content(bad.body()))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.title").exists());
        if (bad.type() != null) {
            result.andExpect(jsonPath("$.type").value(bad.type()))
                    .andExpect(jsonPath("$.detail", containsString(bad.detail())));
        }
        assertThat(repository.list(null, null, 500)).hasSize(before);
        assertThat(slurm.submissions).isEmpty();
    }

    @Test
    void theRejectedOptionIsNamedInItsOwnMember() throws Exception {
        mvc.perform(post("/chains").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user\":\"alice\",\"script\":\"#!/bin/bash\\n\",\"args\":[\"--frobnicate=3\"]}"))
                .andExpect(jsonPath("$.option", startsWith("--frobnicate")));
    }
}
