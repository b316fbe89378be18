package io.longrun.adapter.in.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.longrun.application.port.out.IdempotencyKeys;
import io.longrun.support.FakeSlurm;
import io.longrun.support.FakeSlurmConfiguration;
import io.longrun.support.TestTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.scheduling.config.IntervalTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** Idempotency-Keys are remembered for the configured retention, then deleted by a scheduled purge. */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:idempotency-purge-test;DB_CLOSE_DELAY=-1",
        "longrun.poll.enabled=false",
        "longrun.slurm.rest.jwt-key-file=/nonexistent",
        "longrun.security.slurm.key-file=src/test/resources/security/slurm-test.key",
        "longrun.api.idempotency-key-retention=2h",
        "longrun.api.idempotency-key-purge-interval=10m"})
@Import(FakeSlurmConfiguration.class)
@AutoConfigureMockMvc
class IdempotencyKeyPurgeTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BODY = "{\"script\":\"#!/bin/bash\\nsleep 60\\n\"}";

    @Autowired
    MockMvc mvc;
    @Autowired
    FakeSlurm slurm;
    @Autowired
    IdempotencyKeys keys;
    @Autowired
    WebConfiguration.ApiProperties properties;
    @Autowired
    ScheduledTaskHolder scheduler;

    @BeforeEach
    void reset() {
        slurm.reset();
    }

    private ResultActions create(String key) throws Exception {
        return mvc.perform(post("/chains").contentType(MediaType.APPLICATION_JSON).content(BODY)
                .header("Idempotency-Key", key)
                .header("Authorization", "Bearer " + TestTokens.slurm("alice")));
    }

    private static String id(ResultActions result) throws Exception {
        return JSON.readTree(result.andReturn().getResponse().getContentAsString()).get("id").asString();
    }

    /** The purge as it runs at the given time from now. */
    private IdempotencyKeyPurge purgeIn(Duration later) {
        return new IdempotencyKeyPurge(keys, Clock.fixed(Instant.now().plus(later), ZoneOffset.UTC), properties);
    }

    @Test
    void aKeyIsRememberedForTheRetentionThenForgotten() throws Exception {
        String key = "purge-" + UUID.randomUUID();
        String first = id(create(key).andExpect(status().isCreated()));

        assertThat(purgeIn(Duration.ofHours(1)).purge()).as("within the retention").isZero();
        assertThat(id(create(key).andExpect(status().isOk()).andExpect(header().string("Idempotent-Replayed", "true"))))
                .isEqualTo(first);

        assertThat(purgeIn(Duration.ofHours(3)).purge()).isGreaterThanOrEqualTo(1);
        String second = id(create(key).andExpect(status().isCreated())
                .andExpect(header().doesNotExist("Idempotent-Replayed")));
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void thePurgeIsScheduledWithTheConfiguredSettings() {
        assertThat(properties.idempotencyKeyRetention()).isEqualTo(Duration.ofHours(2));
        assertThat(scheduler.getScheduledTasks()).anySatisfy(task -> {
            // Spring wraps the method's runnable; both name the method.
            assertThat(task.getTask().getRunnable().toString())
                    .isEqualTo(IdempotencyKeyPurge.class.getName() + ".scheduled");
            assertThat(((IntervalTask) task.getTask()).getIntervalDuration()).isEqualTo(Duration.ofMinutes(10));
        });
    }

    @Test
    void theRetentionAndIntervalMustBePositive() {
        assertThatThrownBy(() -> new WebConfiguration.ApiProperties(DataSize.ofMegabytes(4), Duration.ZERO,
                Duration.ofHours(1))).hasMessageContaining("idempotency-key-retention");
        assertThatThrownBy(() -> new WebConfiguration.ApiProperties(DataSize.ofMegabytes(4), Duration.ofHours(1),
                Duration.ofSeconds(-1))).hasMessageContaining("idempotency-key-purge-interval");
    }
}
