package io.longrun.application;

import io.longrun.domain.RetryPolicy;
import java.time.Duration;

/**
 * The engine's knobs.
 *
 * @param defaultPolicy      the retry policy of a chain whose request sets none of it
 * @param submitRetryDelay   how long to wait before trying again a submission Slurm could not take
 * @param submitLease        how long a claimed submission stays invisible to other submitters
 * @param statusBatchSize    job ids per batched status request
 */
public record EngineSettings(RetryPolicy defaultPolicy, Duration submitRetryDelay, Duration submitLease,
                             int statusBatchSize) {
}
