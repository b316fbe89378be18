package io.longrun.adapter.out.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.longrun.adapter.out.slurm.SlurmProperties.Adapter;
import io.longrun.adapter.out.slurm.cli.SlurmCliConfiguration;
import io.longrun.adapter.out.slurm.cli.SlurmCliGateway;
import io.longrun.adapter.out.slurm.rest.SlurmRestConfiguration;
import io.longrun.adapter.out.slurm.rest.SlurmRestGateway;
import io.longrun.adapter.out.slurm.rest.SlurmTokens;
import io.longrun.adapter.out.slurm.rest.StaticTokenFile;
import io.longrun.application.port.out.SlurmGateway;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code longrun.slurm.adapter} picks the gateway; the REST adapter insists on exactly one credential file. */
class SlurmAdapterConfigurationTest {
    @TempDir
    static Path files;

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class))
            .withUserConfiguration(SlurmAdapterConfiguration.class, SlurmRestConfiguration.class,
                    SlurmCliConfiguration.class)
            .withBean(Clock.class, Clock::systemUTC)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("longrun.slurm.rest.jwt-key-file=/etc/slurm/jwt_hs256.key");

    @Test
    void restIsTheDefault() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SlurmGateway.class)).isInstanceOfSatisfying(AdaptiveSlurmGateway.class,
                    gateway -> assertThat(gateway.mode()).isEqualTo(Adapter.REST));
            assertThat(context).hasSingleBean(SlurmRestGateway.class).doesNotHaveBean(SlurmCliGateway.class);
        });
    }

    @Test
    void cliNeedsNoSlurmrestdSettings() {
        new ApplicationContextRunner()
                .withUserConfiguration(SlurmAdapterConfiguration.class, SlurmRestConfiguration.class,
                        SlurmCliConfiguration.class)
                .withBean(Clock.class, Clock::systemUTC)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("longrun.slurm.adapter=cli",
                        "longrun.slurm.cli.command-prefix=sudo,-n,-u,{user},--")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SlurmGateway.class)).isInstanceOfSatisfying(AdaptiveSlurmGateway.class,
                            gateway -> {
                                assertThat(gateway.mode()).isEqualTo(Adapter.CLI);
                                assertThat(gateway.active()).isEqualTo("cli");
                            });
                    assertThat(context).hasSingleBean(SlurmCliGateway.class).doesNotHaveBean(SlurmRestGateway.class);
                });
    }

    @Test
    void autoHasBothAndStartsOnRest() {
        runner.withPropertyValues("longrun.slurm.adapter=auto", "longrun.slurm.auto.probe-interval=5s").run(context -> {
            assertThat(context).hasNotFailed();
            AdaptiveSlurmGateway gateway = (AdaptiveSlurmGateway) context.getBean(SlurmGateway.class);
            assertThat(gateway.mode()).isEqualTo(Adapter.AUTO);
            assertThat(gateway.active()).isEqualTo("rest");
            assertThat(context).hasSingleBean(SlurmRestGateway.class).hasSingleBean(SlurmCliGateway.class);
            assertThat(context.getBean(SlurmProperties.class).auto().probeInterval()).hasSeconds(5);
        });
    }

    @Test
    void anUnknownAdapterFailsAtStartupNamingTheChoices() {
        runner.withPropertyValues("longrun.slurm.adapter=grpc").run(context -> assertThat(context).hasFailed()
                .getFailure().hasMessageContaining("Could not bind properties to 'SlurmProperties'").rootCause().message()
                .containsIgnoringCase("grpc"));
    }

    @Test
    void exactlyOneCredentialFile() throws Exception {
        Path token = Files.writeString(files.resolve("token"), "header.payload.signature\n");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class))
                .withUserConfiguration(SlurmAdapterConfiguration.class, SlurmRestConfiguration.class)
                .withBean(Clock.class, Clock::systemUTC)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("longrun.slurm.rest.token-file=" + token)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SlurmTokens.class)).isInstanceOf(StaticTokenFile.class);
                });
        runner.withPropertyValues("longrun.slurm.rest.token-file=" + token).run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("set exactly one of longrun.slurm.rest.jwt-key-file")
                        .hasMessageContaining("both are set"));
        runner.withPropertyValues("longrun.slurm.rest.jwt-key-file=").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("neither is set"));
    }

    @Test
    void aTokenAsAPropertyIsRefusedWithoutRepeatingIt() {
        runner.withPropertyValues("longrun.slurm.rest.token=very.secret.value").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("longrun.slurm.rest.token is not supported")
                        .hasMessageContaining("token-file")
                        .message().doesNotContain("very.secret.value"));
    }
}
