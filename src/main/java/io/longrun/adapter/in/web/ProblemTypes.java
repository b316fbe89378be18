package io.longrun.adapter.in.web;

import java.net.URI;

/** Stable problem type URIs: each names a kind of problem, never a request. */
final class ProblemTypes {
    static final URI INVALID_REQUEST = URI.create("urn:longrun:problem:invalid-request");
    static final URI INVALID_SBATCH_OPTION = URI.create("urn:longrun:problem:invalid-sbatch-option");
    static final URI INVALID_SCRIPT = URI.create("urn:longrun:problem:invalid-script");
    static final URI CHAIN_NOT_FOUND = URI.create("urn:longrun:problem:chain-not-found");
    static final URI CHAIN_CONFLICT = URI.create("urn:longrun:problem:chain-state-conflict");
    static final URI SLURM_UNAVAILABLE = URI.create("urn:longrun:problem:slurm-unavailable");

    private ProblemTypes() {
    }
}
