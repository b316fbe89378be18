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
    static final URI FORBIDDEN = URI.create("urn:longrun:problem:forbidden");
    static final URI IDEMPOTENCY_KEY_REUSED = URI.create("urn:longrun:problem:idempotency-key-reused");
    static final URI IDEMPOTENCY_KEY_IN_USE = URI.create("urn:longrun:problem:idempotency-key-in-use");
    static final URI PAYLOAD_TOO_LARGE = URI.create("urn:longrun:problem:payload-too-large");
    static final URI UNSUPPORTED_MEDIA_TYPE = URI.create("urn:longrun:problem:unsupported-media-type");
    static final URI METHOD_NOT_ALLOWED = URI.create("urn:longrun:problem:method-not-allowed");
    static final URI NOT_ACCEPTABLE = URI.create("urn:longrun:problem:not-acceptable");
    static final URI NOT_FOUND = URI.create("urn:longrun:problem:not-found");
    static final URI INTERNAL = URI.create("urn:longrun:problem:internal");

    private ProblemTypes() {
    }
}
