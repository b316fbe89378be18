package io.longrun.bench;

import java.time.Duration;
import java.time.Instant;

/**
 * When the tool Longrun replaces would have asked Slurm about a job. {@code sbatch_longrun}
 * (github.com/alexthillen/slurm_longrun, {@code slurm_longrun/runner.py}, {@code SlurmRunner.monitor}) runs one
 * monitor process per chain; after {@code sbatch} it sleeps 5 s ({@code utils.run_sbatch}), then every tick runs
 * {@code sacct -j ID --format=JobID,JobName,State,ExitCode,Reason,Comment,Elapsed --noheader -P} and
 * {@code scontrol show job ID} ({@code fetch_info}) and sleeps {@code max(5, min(TimeLimit - RunTime, 300))} seconds,
 * until the job's state is final. A pending job has RunTime 0, so it is asked about every
 * {@code min(TimeLimit, 300)} seconds; a running one every 5 minutes until its limit is near, then at its limit, then
 * every 5 s until Slurm has ended it.
 */
final class OldToolModel {
    static final Duration AFTER_SBATCH = Duration.ofSeconds(5);
    static final long MIN_SLEEP = 5;
    static final long MAX_SLEEP = 300;

    private OldToolModel() {
    }

    /**
     * The ticks (each one {@code sacct} and one {@code scontrol show job}) the monitor would make for one job that was
     * submitted, started (null: never) and ended (null: not within the window) at these times, counting only the
     * ticks within [{@code from}, {@code to}).
     */
    static int ticks(Instant submitted, Instant started, Instant ended, Duration timeLimit, Instant from, Instant to) {
        Instant tick = submitted.plus(AFTER_SBATCH);
        int ticks = 0;
        while (tick.isBefore(to)) {
            if (!tick.isBefore(from)) {
                ticks++;
            }
            if (ended != null && !tick.isBefore(ended)) {
                return ticks; // the state read at this tick is final
            }
            long runTime = started == null || tick.isBefore(started) ? 0 : Duration.between(started, tick).toSeconds();
            long remaining = timeLimit.toSeconds() - runTime;
            tick = tick.plusSeconds(Math.max(MIN_SLEEP, Math.min(remaining, MAX_SLEEP)));
        }
        return ticks;
    }
}
