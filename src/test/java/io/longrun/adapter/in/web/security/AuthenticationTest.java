package io.longrun.adapter.in.web.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.longrun.support.FakeSlurmConfiguration;
import io.longrun.support.TestTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every way in, with real tokens: Slurm HS256 tokens (test cluster key), an OpenID Connect provider (a test RSA
 * key pair whose JWK set WireMock serves) and API keys (by file and by hash); and who then sees what.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:auth-test;DB_CLOSE_DELAY=-1",
        "longrun.poll.enabled=false",
        "longrun.slurm.rest.jwt-key-file=/nonexistent",
        "longrun.security.slurm.key-file=src/test/resources/security/slurm-test.key",
        "longrun.security.admins=root-ops",
        "longrun.security.oidc.issuer-uri=" + TestTokens.ISSUER,
        "longrun.security.oidc.audiences=" + TestTokens.AUDIENCE,
        "longrun.security.oidc.admin-groups=hpc-admins"})
@Import(FakeSlurmConfiguration.class)
@AutoConfigureMockMvc
class AuthenticationTest {
    static final String GATEWAY_KEY = "gateway-key-0123456789abcdef";
    static final String GATEWAY_KEY_SHA256 = "106897d5c9ebe93712d6710b1f5250b02983bbcc034a0453660bbbd54b7b0111";
    static final String MONITOR_KEY = "monitor-key-0123456789abcdef";
    static final String MONITOR_KEY_SHA256 = "bdfd75b624ebab298d30fd7f4928432ca7b78eef02c3c1eb42d718656a663694";
    static final String PORTAL_KEY = "portal-key-from-a-file-0123456789";
    static final TestTokens.Idp IDP = new TestTokens.Idp("test-key");
    static final TestTokens.Idp OTHER_IDP = new TestTokens.Idp("test-key");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SCRIPT = "{\"script\":\"#!/bin/bash\\ntrue\\n\"}";

    @RegisterExtension
    static WireMockExtension idp = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @DynamicPropertySource
    static void security(DynamicPropertyRegistry registry) throws IOException {
        registry.add("longrun.security.oidc.jwk-set-uri", () -> idp.baseUrl() + "/jwks");
        Path keyFile = Files.createTempFile("portal", ".key");
        Files.writeString(keyFile, PORTAL_KEY + "\n");
        keyFile.toFile().deleteOnExit();
        registry.add("longrun.security.api-keys[0].name", () -> "portal");
        registry.add("longrun.security.api-keys[0].key-file", keyFile::toString);
        registry.add("longrun.security.api-keys[0].users", () -> "carol");
        // One list, one property source: Spring binds an indexed list from a single source.
        registry.add("longrun.security.api-keys[1].name", () -> "gateway");
        registry.add("longrun.security.api-keys[1].sha256", () -> GATEWAY_KEY_SHA256);
        registry.add("longrun.security.api-keys[1].users", () -> "alice,bob");
        registry.add("longrun.security.api-keys[2].name", () -> "monitor");
        registry.add("longrun.security.api-keys[2].sha256", () -> MONITOR_KEY_SHA256);
        registry.add("longrun.security.api-keys[2].admin", () -> "true");
    }

    @Autowired
    MockMvc mvc;

    @BeforeEach
    void identityProvider() {
        // WireMock forgets its stubs before each test.
        idp.stubFor(get(urlEqualTo("/jwks")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(IDP.jwkSetJson())));
    }

    static String sha256(String key) {
        return HexFormat.of().formatHex(ApiKeys.sha256(key));
    }

    private ResultActions call(MockHttpServletRequestBuilder request, String header, String value) throws Exception {
        return mvc.perform(value == null ? request : request.header(header, value));
    }

    private ResultActions bearer(MockHttpServletRequestBuilder request, String token) throws Exception {
        return call(request, "Authorization", "Bearer " + token);
    }

    private static MockHttpServletRequestBuilder list() {
        return MockMvcRequestBuilders.get("/chains");
    }

    private static MockHttpServletRequestBuilder create(String body) {
        return post("/chains").contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private void unauthorized(ResultActions result, String detail) throws Exception {
        result.andExpect(status().isUnauthorized())
                .andExpect(header().exists("WWW-Authenticate"))
                .andExpect(header().stringValues("WWW-Authenticate", hasItem(containsString("Bearer"))))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:longrun:problem:unauthenticated"))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.detail", containsString(detail)));
    }

    private String createdId(ResultActions result) throws Exception {
        return JSON.readTree(result.andExpect(status().isCreated()).andReturn().getResponse().getContentAsString())
                .get("id").asString();
    }

    @Test
    void theHashesInTheConfigurationAreThoseOfTheKeys() {
        assertThat(GATEWAY_KEY_SHA256).isEqualTo(sha256(GATEWAY_KEY));
        assertThat(MONITOR_KEY_SHA256).isEqualTo(sha256(MONITOR_KEY));
    }

    @Test
    void withoutCredentialsOnlyHealthInfoMetricsAndTheContractAreOpen() throws Exception {
        unauthorized(mvc.perform(list()), "bearer token");
        unauthorized(mvc.perform(create(SCRIPT)), "bearer token");
        unauthorized(mvc.perform(MockMvcRequestBuilders.get("/chains/5f1d7a52-0000-4000-8000-000000000000")),
                "bearer token");
        unauthorized(mvc.perform(MockMvcRequestBuilders.get("/actuator/metrics")), "bearer token");
        for (String open : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/info",
                "/actuator/prometheus", "/openapi.yaml")) {
            int status = mvc.perform(MockMvcRequestBuilders.get(open)).andReturn().getResponse().getStatus();
            assertThat(status).as(open).isNotIn(401, 403);
        }
    }

    @Test
    void slurmTokens() throws Exception {
        bearer(list(), TestTokens.slurm("alice")).andExpect(status().isOk());
        unauthorized(bearer(list(), TestTokens.slurm(TestTokens.slurmKey(), "alice", Instant.now().minusSeconds(300))),
                "expired");
        byte[] otherKey = "another-cluster-key-of-32-bytes!".getBytes();
        unauthorized(bearer(list(), TestTokens.slurm(otherKey, "alice", Instant.now().plusSeconds(300))),
                "signature");
        unauthorized(bearer(list(), TestTokens.slurm(TestTokens.slurmKey(), null, Instant.now().plusSeconds(300))),
                "sun");
        unauthorized(bearer(list(), TestTokens.slurm(TestTokens.slurmKey(), "alice;reboot",
                Instant.now().plusSeconds(300))), "Unix user");
        unauthorized(bearer(list(), "not-a-jwt"), "not a JWT");
        // alg=none with alice's claims: never accepted.
        String unsigned = TestTokens.slurm("alice").split("\\.")[1];
        unauthorized(bearer(list(), "eyJhbGciOiJub25lIn0." + unsigned + "."), "");
    }

    @Test
    void openIdConnectTokens() throws Exception {
        bearer(list(), IDP.token("alice")).andExpect(status().isOk());
        unauthorized(bearer(list(), IDP.token(Map.of("preferred_username", "alice"), TestTokens.AUDIENCE,
                TestTokens.ISSUER, Instant.now().minusSeconds(300))), "expired");
        unauthorized(bearer(list(), IDP.token(Map.of("preferred_username", "alice"), "another-service",
                TestTokens.ISSUER, Instant.now().plusSeconds(300))), "aud");
        unauthorized(bearer(list(), IDP.token(Map.of("preferred_username", "alice"), TestTokens.AUDIENCE,
                "https://evil.example.org", Instant.now().plusSeconds(300))), "iss");
        // Same key id, another key: the signature does not verify.
        unauthorized(bearer(list(), OTHER_IDP.token("alice")), "");
        unauthorized(bearer(list(), IDP.token(Map.of("email", "alice@example.org"), TestTokens.AUDIENCE,
                TestTokens.ISSUER, Instant.now().plusSeconds(300))), "preferred_username");
    }

    @Test
    void apiKeys() throws Exception {
        call(list(), "X-API-Key", PORTAL_KEY).andExpect(status().isOk());
        call(list(), "X-API-Key", GATEWAY_KEY).andExpect(status().isOk());
        unauthorized(call(list(), "X-API-Key", "guessed-key-0123456789abcdef"), "unknown API key");
        unauthorized(mvc.perform(list().header("X-API-Key", GATEWAY_KEY)
                .header("Authorization", "Bearer " + TestTokens.slurm("alice"))), "not both");
        mvc.perform(list()).andExpect(header().stringValues("WWW-Authenticate", hasItem(containsString("X-API-Key"))));
    }

    @Test
    void usersSeeAndTouchTheirOwnChainsOnly() throws Exception {
        String alices = createdId(bearer(create(SCRIPT), TestTokens.slurm("alice")));
        String bobs = createdId(bearer(create(SCRIPT), IDP.token("bob")));

        bearer(MockMvcRequestBuilders.get("/chains/{id}", alices), TestTokens.slurm("alice")).andExpect(status().isOk());
        // Another user's chain does not exist for bob: 404, never 403.
        for (MockHttpServletRequestBuilder request : List.of(
                MockMvcRequestBuilders.get("/chains/{id}", alices),
                MockMvcRequestBuilders.get("/chains/{id}/events", alices),
                post("/chains/{id}/cancel", alices),
                patch("/chains/{id}", alices).contentType(MediaType.APPLICATION_JSON).content("{\"maxRestarts\":1}"))) {
            bearer(request, TestTokens.slurm("bob")).andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.type").value("urn:longrun:problem:chain-not-found"));
        }
        bearer(list(), TestTokens.slurm("bob"))
                .andExpect(jsonPath("$[*].id", hasItem(bobs)))
                .andExpect(jsonPath("$[*].id", not(hasItem(alices))))
                .andExpect(jsonPath("$[*].user", not(hasItem("alice"))));
        bearer(list().param("user", "alice"), TestTokens.slurm("bob")).andExpect(jsonPath("$.length()").value(0));

        // Admins: by principal name, by OIDC group, by API key flag.
        bearer(list().param("user", "alice"), TestTokens.slurm("root-ops")).andExpect(jsonPath("$[*].id", hasItem(alices)));
        bearer(list(), IDP.token(Map.of("preferred_username", "dora", "groups", List.of("hpc-admins")),
                TestTokens.AUDIENCE, TestTokens.ISSUER, Instant.now().plusSeconds(300)))
                .andExpect(jsonPath("$[*].id", hasItem(alices)))
                .andExpect(jsonPath("$[*].id", hasItem(bobs)));
        call(MockMvcRequestBuilders.get("/chains/{id}", bobs), "X-API-Key", MONITOR_KEY).andExpect(status().isOk());
        // The gateway acts for alice and bob: sees both.
        call(list(), "X-API-Key", GATEWAY_KEY)
                .andExpect(jsonPath("$[*].id", hasItem(alices)))
                .andExpect(jsonPath("$[*].id", hasItem(bobs)));
        bearer(post("/chains/{id}/cancel", bobs), TestTokens.slurm("bob")).andExpect(status().isOk());
    }

    @Test
    void submittingAsAnotherUserNeedsAPrincipalConfiguredForIt() throws Exception {
        String asBob = "{\"user\":\"bob\",\"script\":\"#!/bin/bash\\ntrue\\n\"}";
        bearer(create(asBob), TestTokens.slurm("alice")).andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:longrun:problem:forbidden"));
        // An admin sees everything but still submits only as itself.
        call(create(asBob), "X-API-Key", MONITOR_KEY).andExpect(status().isForbidden());
        String id = createdId(call(create(asBob), "X-API-Key", GATEWAY_KEY));
        bearer(MockMvcRequestBuilders.get("/chains/{id}", id), TestTokens.slurm("bob"))
                .andExpect(jsonPath("$.user").value("bob"));
        // Acting for two users, the gateway must say which.
        call(create(SCRIPT), "X-API-Key", GATEWAY_KEY).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("user"));
        // One user: the key's own by default.
        String carols = createdId(call(create(SCRIPT), "X-API-Key", PORTAL_KEY));
        call(MockMvcRequestBuilders.get("/chains/{id}", carols), "X-API-Key", PORTAL_KEY)
                .andExpect(jsonPath("$.user").value("carol"));
    }

    @Test
    void theChallengePointsToProtectedResourceMetadataServedWithoutCredentials() throws Exception {
        List<String> challenges = mvc.perform(list()).andExpect(status().isUnauthorized()).andReturn().getResponse()
                .getHeaders("WWW-Authenticate");
        String bearerChallenge = challenges.stream().filter(challenge -> challenge.startsWith("Bearer")).findFirst()
                .orElseThrow();
        java.util.regex.Matcher metadata = java.util.regex.Pattern.compile("resource_metadata=\"([^\"]+)\"")
                .matcher(bearerChallenge);
        assertThat(metadata.find()).as("resource_metadata in %s", bearerChallenge).isTrue();
        java.net.URI url = java.net.URI.create(metadata.group(1));
        assertThat(url.getPath()).isEqualTo("/.well-known/oauth-protected-resource");

        // RFC 9728: the resource, the provider that issues its tokens, how to send them.
        mvc.perform(MockMvcRequestBuilders.get(url))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.resource").value("http://localhost"))
                .andExpect(jsonPath("$.authorization_servers").value(org.hamcrest.Matchers.contains(TestTokens.ISSUER)))
                .andExpect(jsonPath("$.bearer_methods_supported").value(org.hamcrest.Matchers.contains("header")))
                .andExpect(jsonPath("$.resource_name").value("Longrun"))
                .andExpect(jsonPath("$.tls_client_certificate_bound_access_tokens").value(false));
        // Credentials, even bad ones, change nothing about a public document.
        bearer(MockMvcRequestBuilders.get(url), "not-a-token").andExpect(status().isOk());
    }
}
