package io.longrun.adapter.out.slurm;

import io.longrun.adapter.out.slurm.cli.ProcessCommandRunner;
import io.longrun.adapter.out.slurm.cli.SlurmCliGateway;
import io.longrun.adapter.out.slurm.cli.SlurmCliProperties;
import io.longrun.application.port.out.SlurmGateway;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The gateway contract through the Slurm commands, run inside the dev cluster as the user ({@code slurm-dev as}). */
class CliGatewayContractIT extends GatewayContract {

    @Override
    protected String adapter() {
        return "cli";
    }

    @Override
    protected SlurmGateway createGateway() {
        String slurmDev = Path.of("docker/slurm-dev/slurm-dev").toAbsolutePath().toString();
        return new SlurmCliGateway(new ProcessCommandRunner(), new SlurmCliProperties(List.of(slurmDev, "as", "{user}"),
                "slurm", Duration.ofSeconds(30), SlurmCliProperties.Commands.defaults()), Clock.systemUTC());
    }
}
