package io.longrun.config;

import io.longrun.application.EngineSettings;
import io.longrun.domain.JobDefaults;
import io.longrun.domain.SubmissionPlanner;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the Spring-free domain and the engine's settings. */
@Configuration(proxyBeanMethods = false)
public class EngineConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemDefaultZone();
    }

    @Bean
    SubmissionPlanner submissionPlanner(LongrunProperties properties) {
        return new SubmissionPlanner(new JobDefaults(properties.job().baseEnvironment(),
                properties.job().defaultWorkingDirectory()));
    }

    @Bean
    EngineSettings engineSettings(LongrunProperties properties) {
        return new EngineSettings(properties.chain().defaultMaxRestarts(), properties.submit().retryDelay(),
                properties.submit().lease(), properties.poll().statusBatchSize());
    }
}
