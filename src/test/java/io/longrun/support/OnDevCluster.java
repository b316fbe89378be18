package io.longrun.support;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run Longrun against the dev cluster's slurmrestd: they skip (or, with
 * {@code -Dlongrun.requireSlurm=true}, fail) without a running cluster, and point Longrun at it.
 */
public abstract class OnDevCluster {

    @BeforeAll
    static void clusterRunning() {
        DevCluster.assumeRunning();
    }

    @DynamicPropertySource
    static void devClusterSlurm(DynamicPropertyRegistry registry) {
        registry.add("longrun.slurm.rest.url", DevCluster::restUrl);
        registry.add("longrun.slurm.rest.jwt-key-file", () -> DevCluster.keyPath().toString());
    }
}
