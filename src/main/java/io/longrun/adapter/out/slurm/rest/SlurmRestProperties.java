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
 * How Longrun reaches slurmrestd. Secrets are never properties: only the paths of the files that hold them.
 * Exactly one of {@code jwtKeyFile} and {@code tokenFile} is set.
 *
 * @param url           slurmrestd's base URL
 * @param jwtKeyFile    the cluster's {@code jwt_hs256.key}; Longrun mints a short-lived token per Slurm user with it
 * @param tokenFile     a ready-made token (e.g. SlurmUser's, from {@code scontrol token username=slurm}), re-read when
 *                      the file changes; sent with {@code X-SLURM-USER-NAME} set to the chain's user, so slurmrestd
 *                      must accept it for every user (an authenticating proxy's token)
 * @param tokenLifetime lifetime of a minted token; a new one is minted when less than a fifth is left
 * @param statusUser    the user the batched status requests are made as (SlurmUser sees every job)
 */
@Validated
@ConfigurationProperties("longrun.slurm.rest")
public record SlurmRestProperties(@NotNull @DefaultValue("http://127.0.0.1:6820") URI url,
                                  Path jwtKeyFile,
                                  Path tokenFile,
                                  @NotNull @DefaultValue("10m") Duration tokenLifetime,
                                  @NotBlank @DefaultValue("slurm") String statusUser,
                                  @NotNull @DefaultValue("5s") Duration connectTimeout,
                                  @NotNull @DefaultValue("30s") Duration readTimeout) {

    public SlurmRestProperties {
        jwtKeyFile = blankToNull(jwtKeyFile);
        tokenFile = blankToNull(tokenFile);
    }

    /** An empty setting ({@code LONGRUN_SLURM_REST_JWT_KEY_FILE=}) means "not set". */
    private static Path blankToNull(Path path) {
        return path == null || path.toString().isBlank() ? null : path;
    }

    /**
     * Exactly one way to authenticate to slurmrestd. Checked when the REST adapter is built, not when the
     * properties are bound: with {@code longrun.slurm.adapter=cli} neither is needed.
     */
    void requireOneCredential() {
        if ((jwtKeyFile == null) == (tokenFile == null)) {
            throw new IllegalArgumentException("set exactly one of longrun.slurm.rest.jwt-key-file (the cluster's "
                    + "jwt_hs256.key: Longrun mints a token per user) and longrun.slurm.rest.token-file (a file holding "
                    + "a SlurmUser token: Longrun acts for each user with X-SLURM-USER-NAME); "
                    + (jwtKeyFile == null ? "neither is set" : "both are set"));
        }
    }
}
