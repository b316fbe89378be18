package io.longrun.adapter.out.slurm;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Longrun reaches Slurm ({@code longrun.slurm.rest.*} and {@code longrun.slurm.cli.*} configure each way).
 *
 * @param adapter {@code rest} (slurmrestd), {@code cli} (sbatch, squeue, sacct, scancel) or {@code auto} (slurmrestd,
 *                and the command line while slurmrestd is unreachable)
 */
@Validated
@ConfigurationProperties("longrun.slurm")
public record SlurmProperties(@NotNull @DefaultValue("rest") Adapter adapter,
                              @Valid @NotNull @DefaultValue Auto auto) {

    public enum Adapter {
        REST, CLI, AUTO;

        /** As the property, the metrics and the logs spell it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** @param probeInterval while on the command line, how often to ask whether slurmrestd answers again */
    public record Auto(@NotNull @DefaultValue("30s") Duration probeInterval) {
    }
}
