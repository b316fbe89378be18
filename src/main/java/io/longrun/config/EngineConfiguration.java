package io.longrun.config;

import io.longrun.application.EngineSettings;
import io.longrun.application.port.in.PolicyRequest;
import io.longrun.domain.RetryPolicy;
import java.util.List;
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
        LongrunProperties.Chain chain = properties.chain();
        RetryPolicy defaults = new PolicyRequest(chain.defaultMaxRestarts(), chain.resubmitOn(),
                List.of(chain.resubmitExitCode()), chain.noProgressAttempts(), chain.noProgressRuntime(),
                chain.backoffInitial(), chain.backoffMax(), null)
                .over(RetryPolicy.defaults(chain.defaultMaxRestarts()));
        java.time.Duration claimLease = properties.poll().claimLease() != null ? properties.poll().claimLease()
                : properties.poll().interval().multipliedBy(2);
        if (claimLease.compareTo(properties.poll().interval()) <= 0) {
            throw new IllegalArgumentException("longrun.poll.claim-lease (" + claimLease + ") must be longer than"
                    + " longrun.poll.interval (" + properties.poll().interval() + "): a replica renews its claims"
                    + " once per interval");
        }
        return new EngineSettings(defaults, properties.submit().retryDelay(),
                properties.submit().lease(), properties.poll().statusBatchSize(), properties.poll().interval(),
                properties.poll().nearEndWindow(), properties.poll().missingJobTimeout(),
                properties.faultInjection().haltAfterSubmit(), replicaId(properties.poll().replicaId()),
                claimLease, properties.poll().handlerThreads(), properties.poll().tick());
    }

    /** The configured name, or one that is unique per process and tells an operator where it runs. */
    static String replicaId(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException unnamed) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
