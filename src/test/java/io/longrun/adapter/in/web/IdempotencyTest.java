package io.longrun.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.longrun.application.port.out.ChainRepository;
import io.longrun.support.FakeSlurm;
import io.longrun.support.FakeSlurmConfiguration;
import io.longrun.support.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/** Idempotency-Key over real HTTP: a retried POST, and several identical POSTs at the same moment, make one chain. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:idempotency-test;DB_CLOSE_DELAY=-1",
        "longrun.poll.enabled=false",
        "longrun.slurm.rest.jwt-key-file=/nonexistent",
        "longrun.security.slurm.key-file=src/test/resources/security/slurm-test.key"})
@Import(FakeSlurmConfiguration.class)
class IdempotencyTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String BODY = "{\"script\":\"#!/bin/bash\\nsleep 60\\n\",\"maxRestarts\":2}";

    @LocalServerPort
    int port;
    @Autowired
    FakeSlurm slurm;
    @Autowired
    ChainRepository repository;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void reset() {
        slurm.reset();
    }

    HttpResponse<String> post(String user, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chains"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.slurm(user))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String id(HttpResponse<String> response) {
        return JSON.readTree(response.body()).get("id").asString();
    }

    @Test
    void aRetriedPostReturnsTheSameChain() throws Exception {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post("alice", key, BODY);
        HttpResponse<String> again = post("alice", key, BODY);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(id(again)).isEqualTo(id(first));
        assertThat(slurm.submissions).hasSize(1);
    }

    @Test
    void theSameKeyWithOtherScriptArgumentsIsA422() throws Exception {
        String key = UUID.randomUUID().toString();
        String withArguments = BODY.replace("}", ",\"scriptArguments\":[\"a\",\"b\"]}");
        assertThat(post("alice", key, withArguments).statusCode()).isEqualTo(201);
        assertThat(post("alice", key, withArguments).statusCode()).isEqualTo(200);
        assertThat(post("alice", key, BODY.replace("}", ",\"scriptArguments\":[\"a b\"]}")).statusCode())
                .isEqualTo(422);
        assertThat(post("alice", key, BODY).statusCode()).isEqualTo(422);
    }

    @Test
    void theSameKeyWithAnotherRequestIsA422() throws Exception {
        String key = UUID.randomUUID().toString();
        assertThat(post("alice", key, BODY).statusCode()).isEqualTo(201);
        HttpResponse<String> other = post("alice", key, BODY.replace("sleep 60", "sleep 61"));
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(other.body()).get("type").asString())
                .isEqualTo("urn:longrun:problem:idempotency-key-reused");
    }

    @Test
    void keysBelongToTheirCaller() throws Exception {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> alices = post("alice", key, BODY);
        HttpResponse<String> bobs = post("bob", key, BODY);
        assertThat(bobs.statusCode()).isEqualTo(201);
        assertThat(id(bobs)).isNotEqualTo(id(alices));
    }

    @Test
    void aRefusedRequestLeavesItsKeyFree() throws Exception {
        String key = UUID.randomUUID().toString();
        assertThat(post("alice", key, "{\"script\":\"#!/bin/bash\\n\",\"args\":[\"--frobnicate\"]}").statusCode())
                .isEqualTo(400);
        assertThat(post("alice", key, BODY).statusCode()).isEqualTo(201);
    }

    @Test
    void identicalPostsAtTheSameMomentMakeOneChain() throws Exception {
        int requests = 8;
        String key = UUID.randomUUID().toString();
        int before = repository.list("alice", null, 500).size();
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                Callable<HttpResponse<String>> call = () -> {
                    start.await();
                    return post("alice", key, BODY);
                };
                responses.add(pool.submit(call));
            }
            start.countDown();
            List<HttpResponse<String>> done = new ArrayList<>();
            for (Future<HttpResponse<String>> response : responses) {
                done.add(response.get());
            }
            assertThat(done).extracting(HttpResponse::statusCode).containsOnly(200, 201);
            assertThat(done).filteredOn(response -> response.statusCode() == 201).hasSize(1);
            Set<String> ids = done.stream().map(IdempotencyTest::id).collect(Collectors.toSet());
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(repository.list("alice", null, 500)).hasSize(before + 1);
        assertThat(slurm.submissions).hasSize(1);
    }
}
