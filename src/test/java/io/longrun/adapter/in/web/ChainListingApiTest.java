package io.longrun.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.longrun.application.ChainPoller;
import io.longrun.application.port.out.ChainRepository;
import io.longrun.domain.Chain;
import io.longrun.domain.JobStatus;
import io.longrun.domain.SlurmJobState;
import io.longrun.support.FakeSlurm;
import io.longrun.support.FakeSlurmConfiguration;
import io.longrun.support.TestTokens;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /chains} as a portal pages through it (filters, order, page tokens that survive new chains), and the
 * attempt details of {@code GET /chains/{id}} (where a job ran, why it ended).
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:listing-api-test;DB_CLOSE_DELAY=-1",
        "longrun.poll.enabled=false",
        "longrun.slurm.rest.jwt-key-file=/nonexistent",
        "longrun.security.slurm.key-file=src/test/resources/security/slurm-test.key",
        "longrun.security.admins=opsadmin"})
@Import(FakeSlurmConfiguration.class)
@AutoConfigureMockMvc
class ChainListingApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern NEXT = Pattern.compile("^<([^>]+)>; rel=\"next\"$");

    @Autowired
    MockMvc mvc;
    @Autowired
    FakeSlurm slurm;
    @Autowired
    ChainRepository repository;
    @Autowired
    ChainPoller poller;

    @BeforeEach
    void reset() {
        slurm.reset();
    }

    static RequestPostProcessor as(String user) {
        String token = TestTokens.slurm(user);
        return request -> {
            request.addHeader("Authorization", "Bearer " + token);
            return request;
        };
    }

    /** Creates a chain as the user, named as given, and returns its id. */
    private String create(String user, String name) throws Exception {
        String body = JSON.writeValueAsString(Map.of("script", "#!/bin/bash\ntrue\n", "args", List.of("--job-name=" + name)));
        String created = mvc.perform(post("/chains").with(as(user)).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return JSON.readTree(created).get("id").asString();
    }

    private static List<String> ids(MockHttpServletResponse response) throws Exception {
        List<String> ids = new ArrayList<>();
        JSON.readTree(response.getContentAsString()).forEach(chain -> ids.add(chain.get("id").asString()));
        return ids;
    }

    /** Every chain of a listing, following rel="next" links; checks that each page but the last is full. */
    private List<String> allPages(String user, String firstPage, int limit, Runnable betweenPages) throws Exception {
        List<String> all = new ArrayList<>();
        MockHttpServletResponse page = mvc.perform(get(URI.create(firstPage)).with(as(user))).andExpect(status().isOk())
                .andReturn().getResponse();
        while (true) {
            List<String> ids = ids(page);
            all.addAll(ids);
            String link = page.getHeader("Link");
            if (link == null) {
                assertThat(page.getHeader("Next-Page-Token")).isNull();
                return all;
            }
            assertThat(ids).hasSize(limit);
            Matcher next = NEXT.matcher(link);
            assertThat(next.matches()).as("Link header %s", link).isTrue();
            URI uri = URI.create(next.group(1));
            assertThat(uri.getRawQuery()).contains("pageToken=" + page.getHeader("Next-Page-Token"));
            betweenPages.run();
            page = mvc.perform(get(uri).with(as(user))).andExpect(status().isOk()).andReturn().getResponse();
        }
    }

    @Test
    void pagesFollowOneAnotherNewestFirstAndNewChainsDoNotShiftThem() throws Exception {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(create("erin", "pages"));
        }
        create("frank", "pages");
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);

        List<String> inserted = new ArrayList<>();
        List<String> listed = allPages("erin", "/chains?name=pages&limit=3", 3, () -> {
            try {
                inserted.add(create("erin", "pages"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        // Chains created while paging are newer than the first page: they never push a chain onto a second page.
        assertThat(listed).containsExactlyElementsOf(newestFirst);
        assertThat(inserted).hasSize(2);
        mvc.perform(get("/chains").with(as("erin")).param("name", "pages").param("limit", "1"))
                .andExpect(jsonPath("$[0].id").value(inserted.get(1)));
    }

    @Test
    void oldestFirstOnRequestWithItsOwnTokens() throws Exception {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(create("gina", "ascending"));
        }
        List<String> listed = allPages("gina", "/chains?sort=createdAt&limit=2", 2, () -> { });
        assertThat(listed).containsExactlyElementsOf(created);

        String ascendingToken = mvc.perform(get("/chains").with(as("gina")).param("sort", "createdAt")
                        .param("limit", "2"))
                .andReturn().getResponse().getHeader("Next-Page-Token");
        mvc.perform(get("/chains").with(as("gina")).param("pageToken", ascendingToken))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:longrun:problem:invalid-request"))
                .andExpect(jsonPath("$.detail", containsString("sort=createdAt")));
    }

    @Test
    void filtersByNameStateAndCreationTime() throws Exception {
        Instant before = Instant.now();
        String first = create("hank", "alpha");
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        String second = create("hank", "beta");
        String third = create("hank", "alpha");
        mvc.perform(post("/chains/{id}/cancel", third).with(as("hank"))).andExpect(status().isOk());

        assertThat(ids(list("hank", "name", "alpha"))).containsExactly(third, first);
        assertThat(ids(list("hank", "name", "alpha", "state", "ACTIVE"))).containsExactly(first);
        assertThat(ids(list("hank", "state", "CANCELLED"))).containsExactly(third);
        assertThat(ids(list("hank", "createdAfter", between.toString()))).containsExactly(third, second);
        assertThat(ids(list("hank", "createdAfter", before.toString(), "createdBefore", between.toString())))
                .containsExactly(first);
        assertThat(ids(list("hank", "name", "gamma"))).isEmpty();
    }

    private MockHttpServletResponse list(String user, String... parameters) throws Exception {
        MockHttpServletRequestBuilder request = get("/chains").with(as(user));
        for (int i = 0; i < parameters.length; i += 2) {
            request.param(parameters[i], parameters[i + 1]);
        }
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse();
    }

    @Test
    void othersSeeOnlyTheirOwnAnAdminSeesEveryone() throws Exception {
        String ivys = create("ivy", "shared-name");
        String jacks = create("jack", "shared-name");

        assertThat(ids(list("ivy", "name", "shared-name"))).containsExactly(ivys);
        assertThat(ids(list("ivy", "name", "shared-name", "user", "jack"))).isEmpty();
        assertThat(ids(list("opsadmin", "name", "shared-name"))).containsExactly(jacks, ivys);
        assertThat(ids(list("opsadmin", "name", "shared-name", "user", "jack"))).containsExactly(jacks);
        // An admin pages through everyone's chains just the same.
        assertThat(allPages("opsadmin", "/chains?name=shared-name&limit=1", 1, () -> { }))
                .containsExactly(jacks, ivys);
    }

    @Test
    void badListingParametersAreProblems() throws Exception {
        for (String[] bad : new String[][]{{"pageToken", "not-a-token"}, {"pageToken", "MXxkZXNjfHh8eXx6"},
                {"sort", "name"}, {"limit", "501"}, {"limit", "0"}, {"createdAfter", "yesterday"},
                {"state", "RUNNING"}}) {
            mvc.perform(get("/chains").with(as("kim")).param(bad[0], bad[1]))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("urn:longrun:problem:invalid-request"));
        }
        mvc.perform(get("/chains").with(as("kim")).param("pageToken", "not-a-token"))
                .andExpect(jsonPath("$.detail", containsString("pageToken")));
        mvc.perform(get("/chains").with(as("kim")).param("createdAfter", "2026-01-02T00:00:00Z")
                        .param("createdBefore", "2026-01-01T00:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("createdBefore")));
    }

    @Test
    void thePollerStoresTheNodesAndReasonOfAnEndingItSees() throws Exception {
        String id = create("mona", "polled");
        long jobId = JSON.readTree(mvc.perform(get("/chains/{id}", id).with(as("mona"))).andReturn().getResponse()
                .getContentAsString()).get("initialJobId").asLong();

        slurm.setState(jobId, "NODE_FAIL");
        slurm.setDetails(jobId, "gpu[3-4]", "NodeDown");
        poller.pollOnce();

        mvc.perform(get("/chains/{id}", id).with(as("mona")))
                .andExpect(jsonPath("$.attempts[0].slurmState").value("NODE_FAIL"))
                .andExpect(jsonPath("$.attempts[0].nodes").value("gpu[3-4]"))
                .andExpect(jsonPath("$.attempts[0].stateReason").value("NodeDown"));
    }

    @Test
    void anAttemptShowsWhereItRanAndWhyItEnded() throws Exception {
        String id = create("lena", "details");
        JsonNode chain = JSON.readTree(mvc.perform(get("/chains/{id}", id).with(as("lena")))
                .andReturn().getResponse().getContentAsString());
        long jobId = chain.get("initialJobId").asLong();
        assertThat(chain.get("attempts").get(0).has("nodes")).isFalse();

        // What the poller does when it sees the ending (the job's details from Slurm, then the chain saved).
        Chain stored = repository.findById(UUID.fromString(id)).orElseThrow();
        stored.observe(new JobStatus(jobId, SlurmJobState.TIMEOUT, List.of("TIMEOUT"), false, 0, Instant.now(),
                Instant.now(), "node[01-02]", "TimeLimit"), Instant.now());
        repository.save(stored);

        mvc.perform(get("/chains/{id}", id).with(as("lena")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.attempts[0].slurmState").value("TIMEOUT"))
                .andExpect(jsonPath("$.attempts[0].nodes").value("node[01-02]"))
                .andExpect(jsonPath("$.attempts[0].stateReason").value("TimeLimit"))
                .andExpect(jsonPath("$.attempts[1].nodes").doesNotExist());
        mvc.perform(get("/chains").with(as("lena")).param("name", "details"))
                .andExpect(header().doesNotExist("Link"))
                .andExpect(jsonPath("$[0].attempts[0].nodes").value("node[01-02]"));
    }
}
