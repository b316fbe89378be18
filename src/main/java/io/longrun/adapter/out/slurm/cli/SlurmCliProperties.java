package io.longrun.adapter.out.slurm.cli;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Longrun runs the Slurm commands. Commands run as argument lists (never through a shell).
 *
 * @param commandPrefix put before every command to run it as the chain's user, {@code {user}} standing for the user:
 *                      {@code sudo,-n,-u,{user},--} or {@code runuser,-u,{user},--} where Longrun runs as root, or
 *                      the dev cluster's {@code docker/slurm-dev/slurm-dev,as,{user}}. Empty: commands run as Longrun's
 *                      own user, which then may only act for itself
 * @param statusUser    the user batched status queries and pings run as (any user who may see every job)
 * @param timeout       how long one command may take before it is killed (the call then fails as transient)
 * @param commands      the command names or paths ({@code sh} runs only for a script with arguments, see
 *                      SbatchCommandLine)
 */
@Validated
@ConfigurationProperties("longrun.slurm.cli")
public record SlurmCliProperties(List<String> commandPrefix,
                                 @NotBlank @DefaultValue("slurm") String statusUser,
                                 @NotNull @DefaultValue("30s") Duration timeout,
                                 @Valid @NotNull @DefaultValue Commands commands) {

    public SlurmCliProperties {
        commandPrefix = commandPrefix == null ? List.of() : List.copyOf(commandPrefix);
    }

    public record Commands(@NotBlank @DefaultValue("sbatch") String sbatch,
                           @NotBlank @DefaultValue("squeue") String squeue,
                           @NotBlank @DefaultValue("sacct") String sacct,
                           @NotBlank @DefaultValue("scancel") String scancel,
                           @NotBlank @DefaultValue("scontrol") String scontrol,
                           @NotBlank @DefaultValue("env") String env,
                           @NotBlank @DefaultValue("sh") String sh) {

        public static Commands defaults() {
            return new Commands("sbatch", "squeue", "sacct", "scancel", "scontrol", "env", "sh");
        }
    }
}
