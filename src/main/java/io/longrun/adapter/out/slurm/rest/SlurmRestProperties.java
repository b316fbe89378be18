package io.longrun.adapter.out.slurm.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Longrun reaches slurmrestd. The key itself is never a property: only the path of its file.
 *
 * @param url           slurmrestd's base URL
 * @param jwtKeyFile    the cluster's {@code jwt_hs256.key}; Longrun mints a short-lived token per Slurm user with it
 * @param tokenLifetime lifetime of a minted token; a new one is minted when less than a fifth is left
 * @param statusUser    the user the batched status requests are made as (SlurmUser sees every job)
 */
@Validated
@ConfigurationProperties("longrun.slurm.rest")
public record SlurmRestProperties(@NotNull @DefaultValue("http://127.0.0.1:6820") URI url,
                                  @NotNull Path jwtKeyFile,
                                  @NotNull @DefaultValue("10m") Duration tokenLifetime,
                                  @NotBlank @DefaultValue("slurm") String statusUser,
                                  @NotNull @DefaultValue("5s") Duration connectTimeout,
                                  @NotNull @DefaultValue("30s") Duration readTimeout) {
}
