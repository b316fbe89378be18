package io.longrun.adapter.out.slurm.cli;

import io.longrun.adapter.out.slurm.SlurmAdapterConditions;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The command line adapter, when {@code longrun.slurm.adapter} is {@code cli} or {@code auto}. Its gateway is not a
 * default injection candidate: {@code io.longrun.adapter.out.slurm.SlurmAdapterConfiguration} wraps it into the one
 * {@code SlurmGateway} the engine sees.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SlurmAdapterConditions.CliNeeded.class)
@EnableConfigurationProperties(SlurmCliProperties.class)
public class SlurmCliConfiguration {

    @Bean(defaultCandidate = false)
    SlurmCliGateway slurmCliGateway(SlurmCliProperties properties, Clock clock) {
        return new SlurmCliGateway(new ProcessCommandRunner(), properties, clock);
    }
}
