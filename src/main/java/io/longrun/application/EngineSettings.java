package io.longrun.application;

import java.time.Duration;

/**
 * The engine's knobs.
 *
 * @param defaultMaxRestarts restarts a chain gets when its request names none
 * @param submitRetryDelay   how long to wait before trying again a submission Slurm could not take
 * @param submitLease        how long a claimed submission stays invisible to other submitters
 * @param statusBatchSize    job ids per batched status request
 */
public record EngineSettings(int defaultMaxRestarts, Duration submitRetryDelay, Duration submitLease,
                             int statusBatchSize) {
}
