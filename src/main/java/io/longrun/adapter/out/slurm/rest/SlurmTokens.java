package io.longrun.adapter.out.slurm.rest;

/** Gives the token to send as {@code X-SLURM-USER-TOKEN} for a Slurm user. */
public interface SlurmTokens {
    String tokenFor(String user);
}
