package io.longrun.e2e;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The script-arguments oracle with Longrun reaching Slurm through its command line (sbatch run as the user inside
 * the dev cluster, {@code slurm-dev as}): the file the adapter hands sbatch must make the same job, printing the
 * same arguments, as sbatch given the user's own script file.
 */
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:oracle-cli-it;DB_CLOSE_DELAY=-1",
        "longrun.slurm.adapter=cli",
        "longrun.slurm.cli.command-prefix=docker/slurm-dev/slurm-dev,as,{user}"})
class SbatchOracleCliIT extends SbatchOracleIT {

    @Override
    @Test
    @Disabled("REST only: sbatch run as the user reads a --nodelist host file itself, so the CLI adapter accepts it")
    void optionsLongrunCannotPassOnAreRefusedWithTheirName() {
    }
}
