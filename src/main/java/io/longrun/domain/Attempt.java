package io.longrun.domain;

import java.time.Duration;
import java.time.Instant;

/** One submission of a chain's script: number 1 is the first. */
public final class Attempt {
    private final int number;
    private final Instant createdAt;
    private Long jobId;
    /** The job's time limit, when it has one: with the start time it says when a TIMEOUT is due. */
    private Duration timeLimit;
    private String slurmState;
    private Integer exitCode;
    private Instant submittedAt;
    /** Since when neither slurmctld nor accounting knows the job (null while it is known). */
    private Instant missingSince;
    /** When a submitter last took this attempt: set before Slurm is asked, so a crash leaves a trace. */
    private Instant claimedAt;
    private Instant startedAt;
    private Instant endedAt;
    private boolean finished;
    /** Where the job runs or ran (Slurm's node list), once known. */
    private String nodes;
    /** Slurm's reason for the job's ending (e.g. TimeLimit), from its details when the ending was seen. */
    private String stateReason;

    /** @param createdAt when the attempt was decided on: the chain's creation, or when its predecessor's ending was seen */
    public Attempt(int number, Instant createdAt) {
        this.number = number;
        this.createdAt = createdAt;
    }

    /** Rebuilds an attempt from storage. */
    public static Attempt restore(int number, Instant createdAt, Long jobId, Duration timeLimit, String slurmState,
                                  Integer exitCode, Instant claimedAt, Instant submittedAt, Instant startedAt,
                                  Instant endedAt, boolean finished, Instant missingSince) {
        Attempt attempt = new Attempt(number, createdAt);
        attempt.missingSince = missingSince;
        attempt.claimedAt = claimedAt;
        attempt.jobId = jobId;
        attempt.timeLimit = timeLimit;
        attempt.slurmState = slurmState;
        attempt.exitCode = exitCode;
        attempt.submittedAt = submittedAt;
        attempt.startedAt = startedAt;
        attempt.endedAt = endedAt;
        attempt.finished = finished;
        return attempt;
    }

    /** Rebuilds an attempt from storage, with where it ran and why it ended. */
    public static Attempt restore(int number, Instant createdAt, Long jobId, Duration timeLimit, String slurmState,
                                  Integer exitCode, Instant claimedAt, Instant submittedAt, Instant startedAt,
                                  Instant endedAt, boolean finished, Instant missingSince, String nodes,
                                  String stateReason) {
        Attempt attempt = restore(number, createdAt, jobId, timeLimit, slurmState, exitCode, claimedAt, submittedAt,
                startedAt, endedAt, finished, missingSince);
        attempt.nodes = nodes;
        attempt.stateReason = stateReason;
        return attempt;
    }

    void claimed(Instant at) {
        claimedAt = at;
    }

    /**
     * A submitter took this attempt before and it has no job: Slurm may have accepted that submission
     * before Longrun could record it, so look for the job before submitting another.
     */
    public boolean mayHaveBeenSubmitted() {
        return claimedAt != null && jobId == null;
    }

    /** @return whether this is news: the job was known until now */
    boolean missing(Instant now) {
        if (missingSince != null) {
            return false;
        }
        missingSince = now;
        return true;
    }

    /** Longrun stops waiting for a job Slurm no longer knows. */
    void givenUp(Instant now) {
        slurmState = "UNKNOWN (not found in Slurm)";
        finished = true;
        endedAt = now;
    }

    public Instant missingSince() {
        return missingSince;
    }

    public Instant claimedAt() {
        return claimedAt;
    }

    void accepted(long jobId, Duration timeLimit, Instant at) {
        this.jobId = jobId;
        this.timeLimit = timeLimit;
        this.submittedAt = at;
        this.slurmState = SlurmJobState.PENDING.name();
    }

    /** Records what Slurm said; returns whether anything changed. */
    boolean observe(JobStatus status, Instant now) {
        // The poller skips loading a chain when its recorded job says nothing would change: one rule for both.
        boolean changed = recorded(null).changedBy(status);
        missingSince = null;
        slurmState = status.describe();
        if (status.startedAt() != null && !status.startedAt().equals(startedAt)) {
            startedAt = status.startedAt();
        } else if (startedAt == null && status.state() == SlurmJobState.RUNNING) {
            // Seen running without its start time: it started no later than now (within a poll interval).
            startedAt = now;
        }
        if (status.nodes() != null) {
            nodes = status.nodes();
        }
        if (status.isFinal()) {
            exitCode = status.exitCode();
            endedAt = status.endedAt();
            stateReason = status.stateReason();
            finished = true;
        }
        return changed;
    }

    /** What is recorded of this attempt's job, as the poller sees it without the rest of the chain. */
    RecordedJob recorded(java.util.UUID chainId) {
        return new RecordedJob(chainId, jobId == null ? 0 : jobId, slurmState, startedAt, nodes, missingSince != null);
    }

    public int number() {
        return number;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Long jobId() {
        return jobId;
    }

    public boolean isSubmitted() {
        return jobId != null;
    }

    /** Submitted and not yet seen in a final state: Longrun must keep watching it. */
    public boolean isInSlurm() {
        return jobId != null && !finished;
    }

    public Duration timeLimit() {
        return timeLimit;
    }

    /** When Slurm will end the job for its time limit, if the job runs and has one. */
    public java.util.Optional<Instant> expectedEnd() {
        return startedAt == null || timeLimit == null || finished ? java.util.Optional.empty()
                : java.util.Optional.of(startedAt.plus(timeLimit));
    }

    /** How long the job ran: zero when it never started (or is not known to have). */
    public Duration runtime() {
        if (startedAt == null) {
            return Duration.ZERO;
        }
        Instant end = endedAt != null ? endedAt : startedAt;
        return end.isAfter(startedAt) ? Duration.between(startedAt, end) : Duration.ZERO;
    }

    public boolean isFinished() {
        return finished;
    }

    public String slurmState() {
        return slurmState;
    }

    public Integer exitCode() {
        return exitCode;
    }

    public Instant submittedAt() {
        return submittedAt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant endedAt() {
        return endedAt;
    }

    /** The nodes the job runs or ran on, as Slurm writes them ({@code node[01-04]}); null until known. */
    public String nodes() {
        return nodes;
    }

    /** Slurm's reason for the job's ending ({@code TimeLimit}, ...); null before it ended or when Slurm gave none. */
    public String stateReason() {
        return stateReason;
    }
}
