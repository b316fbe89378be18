package io.longrun.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces Slurm with {@link FakeSlurm} in a test's application context. */
@TestConfiguration(proxyBeanMethods = false)
public class FakeSlurmConfiguration {
    @Bean
    @Primary
    FakeSlurm fakeSlurm() {
        return new FakeSlurm();
    }
}
