package io.longrun.adapter.out.slurm.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /slurm/v0.0.42/jobs/state/}. Written by hand: Slurm 24.11's spec declares this response as
 * the full job-info response, and a client generated from it loses the states. {@code job_id} comes as a
 * string; Jackson reads it as a number.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record JobStatesResponse(List<Job> jobs, List<SlurmError> errors) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Job(@JsonProperty("job_id") long jobId, List<String> state) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SlurmError(@JsonProperty("error_number") Integer errorNumber, String error, String description) {
    }
}
