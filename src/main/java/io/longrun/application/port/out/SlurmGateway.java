package io.longrun.application.port.out;

import io.longrun.domain.JobStatus;
import io.longrun.domain.JobSubmission;
import io.longrun.domain.sbatch.InvalidSbatchOptionException;
import io.longrun.domain.sbatch.SbatchOptions;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Slurm, as Longrun uses it. Every method may throw {@link SlurmGatewayException}. */
public interface SlurmGateway {

    /**
     * Refuses options this gateway cannot pass on to Slurm, so that a chain is never submitted with an option
     * silently dropped. Called before anything is stored.
     *
     * @throws InvalidSbatchOptionException naming the first such option
     */
    void checkSupported(SbatchOptions options);

    /** Submits a job and returns the id Slurm gave it. */
    long submit(JobSubmission submission);

    /**
     * The current states of many jobs in one request. Jobs Slurm no longer knows (purged after
     * {@code MinJobAge}) are missing from the answer.
     */
    Map<Long, JobStatus> states(Collection<Long> jobIds);

    /** One job in detail (exit code, times), from slurmctld or, once purged there, from accounting. */
    Optional<JobStatus> job(long jobId, String user);

    /** Cancels a job as the given user. */
    void cancel(long jobId, String user);

    /**
     * The job a user submitted since the given time whose comment carries this tag ({@link io.longrun.domain.JobTag}),
     * if Slurm (or its accounting) knows one: how a restarted Longrun finds a job it submitted but could not record.
     */
    Optional<Long> findJobByComment(String user, String tag, Instant submittedSince);

    /** Checks that Slurm answers; throws {@link SlurmGatewayException} when it does not. */
    void ping();
}
