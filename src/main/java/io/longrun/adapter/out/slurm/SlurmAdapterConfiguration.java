package io.longrun.adapter.out.slurm;

import io.longrun.application.port.out.SlurmGateway;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Picks the {@link SlurmGateway} by {@code longrun.slurm.adapter} ({@code rest} by default, {@code cli}, {@code auto})
 * and wraps each adapter in {@link MeteredSlurmGateway}, so that metrics name the adapter a call really went through.
 * The adapters' own gateways ({@value #REST}, {@value #CLI}) are not default injection candidates.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SlurmProperties.class)
public class SlurmAdapterConfiguration {
    /** Bean name of the slurmrestd adapter's gateway. */
    public static final String REST = "slurmRestGateway";
    /** Bean name of the command line adapter's gateway. */
    public static final String CLI = "slurmCliGateway";

    @Bean
    @ConditionalOnProperty(name = SlurmAdapterConditions.PROPERTY, havingValue = "rest", matchIfMissing = true)
    AdaptiveSlurmGateway restSlurmGateway(@Qualifier(REST) SlurmGateway rest, MeterRegistry registry) {
        return AdaptiveSlurmGateway.rest(new MeteredSlurmGateway(rest, "rest", registry), registry);
    }

    @Bean
    @ConditionalOnProperty(name = SlurmAdapterConditions.PROPERTY, havingValue = "cli")
    AdaptiveSlurmGateway cliSlurmGateway(@Qualifier(CLI) SlurmGateway cli, MeterRegistry registry) {
        return AdaptiveSlurmGateway.cli(new MeteredSlurmGateway(cli, "cli", registry), registry);
    }

    @Bean
    @ConditionalOnProperty(name = SlurmAdapterConditions.PROPERTY, havingValue = "auto")
    AdaptiveSlurmGateway autoSlurmGateway(@Qualifier(REST) SlurmGateway rest, @Qualifier(CLI) SlurmGateway cli,
                                          SlurmProperties properties, MeterRegistry registry, Clock clock,
                                          ApplicationEventPublisher events) {
        return AdaptiveSlurmGateway.auto(new MeteredSlurmGateway(rest, "rest", registry),
                new MeteredSlurmGateway(cli, "cli", registry), properties.auto().probeInterval(), clock, events,
                registry).start();
    }

    /** {@code /actuator/info}: {@code "slurm": {"adapter": "auto", "active": "cli"}}. */
    @Bean
    InfoContributor slurmAdapterInfo(SlurmProperties properties, AdaptiveSlurmGateway gateway) {
        // SlurmProperties first: a wrong longrun.slurm.adapter fails here with the binder's message, not as a missing bean
        return builder -> builder.withDetail("slurm",
                Map.of("adapter", gateway.mode().label(), "active", gateway.active()));
    }
}
