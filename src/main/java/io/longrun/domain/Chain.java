package io.longrun.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One batch script that Longrun keeps running until it completes: the identity and what to submit,
 * plus one {@link Attempt} per submission. All decisions about what happens next are made here.
 */
public final class Chain {
    private final UUID id;
    private final String user;
    private final String name;
    private final String script;
    private final List<String> args;
    /** The script's own arguments ({@code $1 $2 …} of every attempt), as after the script on sbatch's command line. */
    private final List<String> scriptArguments;
    private final String workingDirectory;
    private final Map<String, String> environment;
    private final Instant createdAt;
    private final List<Attempt> attempts;
    /** Events since the chain was loaded; stored with it and then cleared. */
    private final List<ChainEvent> newEvents = new ArrayList<>();
    private RetryPolicy policy;
    private ChainState state;
    private String stateReason;
    private Instant updatedAt;
    private Instant endedAt;
    private Instant nextSubmitAt;
    /** On hold: the current job runs on, but no new attempt is submitted until the chain is resumed. */
    private boolean held;
    /** -1 until the chain is stored; then the stored version, checked on every save. */
    private long version = -1;

    private Chain(UUID id, String user, String name, String script, List<String> args, List<String> scriptArguments,
                  String workingDirectory, Map<String, String> environment, RetryPolicy policy, Instant createdAt,
                  List<Attempt> attempts) {
        this.id = Objects.requireNonNull(id);
        this.user = Objects.requireNonNull(user);
        this.name = name;
        this.script = Objects.requireNonNull(script);
        this.args = List.copyOf(args);
        this.scriptArguments = scriptArguments == null ? List.of() : List.copyOf(scriptArguments);
        this.workingDirectory = workingDirectory;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        this.policy = Objects.requireNonNull(policy);
        this.createdAt = createdAt;
        this.attempts = new ArrayList<>(attempts);
    }

    /** A new chain, waiting for its first submission; its script takes no arguments. */
    public static Chain create(UUID id, String user, String name, String script, List<String> args,
                               String workingDirectory, Map<String, String> environment, RetryPolicy policy,
                               Instant now) {
        return create(id, user, name, script, args, List.of(), workingDirectory, environment, policy, now);
    }

    /** A new chain, waiting for its first submission. */
    public static Chain create(UUID id, String user, String name, String script, List<String> args,
                               List<String> scriptArguments, String workingDirectory, Map<String, String> environment,
                               RetryPolicy policy, Instant now) {
        Chain chain = new Chain(id, user, name, script, args, scriptArguments, workingDirectory, environment, policy,
                now, List.of(new Attempt(1, now)));
        chain.state = ChainState.SUBMITTING;
        chain.updatedAt = now;
        chain.nextSubmitAt = now;
        chain.event(now, ChainEvent.Type.CREATED, 1, null, ChainState.SUBMITTING.name(),
                "max restarts " + policy.maxRestarts());
        return chain;
    }

    /** Rebuilds a chain whose script takes no arguments from storage. */
    public static Chain restore(UUID id, String user, String name, String script, List<String> args,
                                String workingDirectory, Map<String, String> environment, RetryPolicy policy,
                                ChainState state, String stateReason, Instant createdAt, Instant updatedAt,
                                Instant endedAt, Instant nextSubmitAt, boolean held, long version,
                                List<Attempt> attempts) {
        return restore(id, user, name, script, args, List.of(), workingDirectory, environment, policy, state,
                stateReason, createdAt, updatedAt, endedAt, nextSubmitAt, held, version, attempts);
    }

    /** Rebuilds a chain from storage. */
    public static Chain restore(UUID id, String user, String name, String script, List<String> args,
                                List<String> scriptArguments, String workingDirectory, Map<String, String> environment,
                                RetryPolicy policy, ChainState state, String stateReason, Instant createdAt,
                                Instant updatedAt, Instant endedAt, Instant nextSubmitAt, boolean held, long version,
                                List<Attempt> attempts) {
        Chain chain = new Chain(id, user, name, script, args, scriptArguments, workingDirectory, environment, policy,
                createdAt, attempts);
        chain.state = state;
        chain.stateReason = stateReason;
        chain.updatedAt = updatedAt;
        chain.endedAt = endedAt;
        chain.nextSubmitAt = nextSubmitAt;
        chain.held = held;
        chain.version = version;
        return chain;
    }

    /**
     * Takes the due submission for one submitter: pushes the next submission time past a lease, so a
     * second submitter that loads the chain meanwhile sees nothing due. Saving the claim (with its
     * version check) is what makes it exclusive.
     */
    public void claimSubmission(Instant leaseUntil, Instant now) {
        requireState(ChainState.SUBMITTING);
        if (nextSubmitAt == null || nextSubmitAt.isAfter(now)) {
            throw new IllegalStateException("chain " + id + " has no submission due");
        }
        nextSubmitAt = leaseUntil;
        updatedAt = now;
        currentAttempt().claimed(now);
    }

    /** Whether a submission is waiting and its time has come. */
    public boolean isSubmissionDue(Instant now) {
        return !held && state == ChainState.SUBMITTING && nextSubmitAt != null && !nextSubmitAt.isAfter(now);
    }

    /** Lets the current job run but submits no new attempt until {@link #resume}. */
    public void hold(String by, Instant now) {
        requireLive();
        if (!held) {
            held = true;
            updatedAt = now;
            event(now, ChainEvent.Type.HELD, currentAttempt().number(), currentAttempt().jobId(), null, "by " + by);
        }
    }

    /** Submits again what is due (a waiting attempt goes at once, or at the end of its backoff). */
    public void resume(String by, Instant now) {
        requireLive();
        if (held) {
            held = false;
            updatedAt = now;
            event(now, ChainEvent.Type.RESUMED, currentAttempt().number(), currentAttempt().jobId(), null, "by " + by);
        }
    }

    private void requireLive() {
        if (state.isTerminal()) {
            throw new IllegalStateException("chain " + id + " has already ended: " + state);
        }
    }

    public boolean isHeld() {
        return held;
    }

    /** Slurm accepted the current attempt. */
    public void submissionAccepted(long jobId, Instant now) {
        submissionAccepted(jobId, null, now);
    }

    /**
     * The job of the current attempt was found in Slurm, submitted by an earlier submitter whose record of it
     * was lost (Longrun stopped between Slurm accepting the job and storing its id): the chain takes it over.
     */
    public void submissionAdopted(long jobId, Duration timeLimit, Instant now) {
        accept(jobId, timeLimit, now);
        event(now, ChainEvent.Type.ADOPTED, currentAttempt().number(), jobId, null,
                "found job " + jobId + " in Slurm by its tag; not submitted again");
    }

    /** Slurm accepted the current attempt, which has this time limit (null: none or unknown). */
    public void submissionAccepted(long jobId, Duration timeLimit, Instant now) {
        accept(jobId, timeLimit, now);
        event(now, ChainEvent.Type.SUBMITTED, currentAttempt().number(), jobId, null,
                currentAttempt().number() == 1 ? "job submitted" : "resubmitted as attempt " + currentAttempt().number());
    }

    private void accept(long jobId, Duration timeLimit, Instant now) {
        requireState(ChainState.SUBMITTING);
        currentAttempt().accepted(jobId, timeLimit, now);
        state = ChainState.ACTIVE;
        stateReason = null;
        nextSubmitAt = null;
        updatedAt = now;
    }

    /** Slurm refused the current attempt for a reason that a retry will not fix. */
    public void submissionRefused(String reason, Instant now) {
        requireState(ChainState.SUBMITTING);
        event(now, ChainEvent.Type.SUBMISSION_REFUSED, currentAttempt().number(), null, null, reason);
        end(ChainState.FAILED, "Slurm refused attempt " + currentAttempt().number() + ": " + reason, now);
    }

    /** Slurm could not be asked (or said "later"): try the same attempt again at {@code retryAt}. */
    public void submissionDeferred(String reason, Instant retryAt, Instant now) {
        requireState(ChainState.SUBMITTING);
        stateReason = "submission deferred: " + reason;
        nextSubmitAt = retryAt;
        updatedAt = now;
        event(now, ChainEvent.Type.SUBMISSION_DEFERRED, currentAttempt().number(), null, null,
                reason + "; next try at " + retryAt);
    }

    /**
     * Applies what Slurm said about the current attempt's job and decides what follows.
     */
    public Transition observe(JobStatus status, Instant now) {
        Attempt current = currentAttempt();
        if (state != ChainState.ACTIVE || !current.isInSlurm() || current.jobId() != status.jobId()) {
            return Transition.NONE;
        }
        String before = current.slurmState();
        boolean changed = current.observe(status, now);
        if (!status.isFinal()) {
            if (changed) {
                updatedAt = now;
                if (!status.describe().equals(before)) {
                    event(now, ChainEvent.Type.STATE_CHANGED, current.number(), status.jobId(), status.describe(), null);
                    if (isRequeue(before, status)) {
                        // Same job id, back in the queue: Slurm reruns it itself, so there is nothing to submit.
                        event(now, ChainEvent.Type.REQUEUED_BY_SLURM, current.number(), status.jobId(),
                                status.describe(), "Slurm requeued job " + status.jobId() + "; no new job submitted");
                    }
                }
                return Transition.UPDATED;
            }
            return Transition.NONE;
        }
        SlurmJobState ending = status.state();
        event(now, ChainEvent.Type.ATTEMPT_ENDED, current.number(), status.jobId(), ending.name(),
                status.exitCode() == null ? status.describe() : status.describe() + ", exit code " + status.exitCode());
        String ended = "job " + status.jobId() + " ended " + ending
                + (status.exitCode() == null || status.exitCode() == 0 ? "" : " (exit code " + status.exitCode() + ")");
        if (ending.isSuccessful()) {
            end(ChainState.SUCCEEDED, "job " + status.jobId() + " COMPLETED", now);
            return Transition.ENDED;
        }
        if (!policy.resubmits(ending, status.exitCode())) {
            end(ChainState.FAILED, ended, now);
            return Transition.ENDED;
        }
        if (restartsUsed() >= policy.maxRestarts()) {
            end(ChainState.EXHAUSTED, ended + " after " + restartsUsed() + " of " + policy.maxRestarts() + " restarts",
                    now);
            return Transition.ENDED;
        }
        int shortInARow = attemptsWithoutProgressInARow();
        if (policy.noProgressAttempts() > 0 && shortInARow >= policy.noProgressAttempts()) {
            end(ChainState.FAILED, ended + "; no progress: " + shortInARow + " attempts in a row ended within "
                    + policy.noProgressRuntime().toSeconds() + " s of starting", now);
            return Transition.ENDED;
        }
        if (policy.walltimeBudget() != null && totalRuntime().compareTo(policy.walltimeBudget()) >= 0) {
            end(ChainState.EXHAUSTED, ended + "; the walltime budget of " + policy.walltimeBudget().toMinutes()
                    + " min is used up", now);
            return Transition.ENDED;
        }
        Duration wait = policy.backoff(shortInARow, jitter(current.number()));
        attempts.add(new Attempt(current.number() + 1, now));
        state = ChainState.SUBMITTING;
        stateReason = (held ? "on hold; will resubmit when resumed, because " : "resubmitting because ") + ended;
        nextSubmitAt = now.plus(wait);
        updatedAt = now;
        event(now, ChainEvent.Type.RESUBMITTING, current.number() + 1, status.jobId(), ending.name(),
                "restart " + restartsUsed() + " of " + policy.maxRestarts()
                        + (wait.isZero() ? "" : "; backoff until " + nextSubmitAt));
        return Transition.RESUBMIT;
    }

    private static boolean isRequeue(String before, JobStatus now) {
        boolean wasStarted = before != null && !before.startsWith(SlurmJobState.PENDING.name());
        return now.rawState().contains("REQUEUED") || (wasStarted && now.state() == SlurmJobState.PENDING);
    }

    /** Finished attempts, newest first, that ended within the policy's no-progress runtime of starting. */
    private int attemptsWithoutProgressInARow() {
        int count = 0;
        for (int i = attempts.size() - 1; i >= 0; i--) {
            Attempt attempt = attempts.get(i);
            if (!attempt.isFinished() || attempt.runtime().compareTo(policy.noProgressRuntime()) >= 0) {
                break;
            }
            count++;
        }
        return count;
    }

    private Duration totalRuntime() {
        return attempts.stream().map(Attempt::runtime).reduce(Duration.ZERO, Duration::plus);
    }

    /** Spreads the backoff of many chains without randomness the tests cannot repeat. */
    private double jitter(int attempt) {
        return Math.floorMod(id.hashCode() * 31 + attempt, 1000) / 1000.0;
    }

    /** Changes the policy while the chain runs (e.g. more restarts); an ended chain keeps its own. */
    public void changePolicy(RetryPolicy changed, String by, Instant now) {
        if (state.isTerminal()) {
            throw new IllegalStateException("chain " + id + " has already ended: " + state);
        }
        policy = Objects.requireNonNull(changed);
        updatedAt = now;
        event(now, ChainEvent.Type.POLICY_CHANGED, currentAttempt().number(), null, null,
                "by " + by + ": max restarts " + changed.maxRestarts());
    }

    /** What is recorded of the current attempt's job, for a poller that has not loaded the chain. */
    public RecordedJob recordedJob() {
        return currentAttempt().recorded(id);
    }

    /**
     * Neither slurmctld nor accounting knows the current job. An empty or failed answer is not this: it changes
     * nothing. Only a job unknown to both, for longer than {@code giveUpAfter}, ends the chain, saying why;
     * resubmitting it could run the work twice.
     */
    public Transition observeMissing(long jobId, Duration giveUpAfter, Instant now) {
        Attempt current = currentAttempt();
        if (state != ChainState.ACTIVE || !current.isInSlurm() || current.jobId() != jobId) {
            return Transition.NONE;
        }
        if (current.missing(now)) {
            updatedAt = now;
            event(now, ChainEvent.Type.JOB_MISSING, current.number(), jobId, null,
                    "job " + jobId + " is known neither to slurmctld nor to accounting; waiting up to "
                            + giveUpAfter.toMinutes() + " min before giving up on it");
            return Transition.UPDATED;
        }
        if (Duration.between(current.missingSince(), now).compareTo(giveUpAfter) < 0) {
            return Transition.NONE;
        }
        current.givenUp(now);
        end(ChainState.FAILED, "job " + jobId + " has not been found in Slurm or its accounting since "
                + current.missingSince(), now);
        return Transition.ENDED;
    }

    /** Longrun changed the way it reaches Slurm (slurmrestd or its command line) while this chain was live. */
    public void slurmAdapterSwitched(String from, String to, String reason, Instant at) {
        if (!state.isTerminal()) {
            event(at, ChainEvent.Type.ADAPTER_SWITCHED, currentAttempt().number(), currentAttempt().jobId(), to,
                    "Slurm reached through " + to + " instead of " + from + ": " + reason);
        }
    }

    /** Stops the chain; the caller cancels the job that is returned, if any. */
    public Optional<Long> cancel(String by, Instant now) {
        if (state.isTerminal()) {
            throw new IllegalStateException("chain is already " + state);
        }
        Attempt current = currentAttempt();
        event(now, ChainEvent.Type.CANCELLED, current.number(), current.isInSlurm() ? current.jobId() : null, null,
                "cancelled by " + by);
        end(ChainState.CANCELLED, "cancelled by " + by, now);
        return current.isInSlurm() ? Optional.of(current.jobId()) : Optional.empty();
    }

    private void end(ChainState terminal, String reason, Instant now) {
        state = terminal;
        stateReason = reason;
        nextSubmitAt = null;
        updatedAt = now;
        endedAt = now;
        event(now, ChainEvent.Type.CHAIN_ENDED, currentAttempt().number(), null, terminal.name(), reason);
    }

    private void event(Instant at, ChainEvent.Type type, Integer attempt, Long jobId, String state, String detail) {
        newEvents.add(new ChainEvent(id, at, type, attempt, jobId, state, detail));
    }

    /** Events recorded since the chain was loaded, oldest first. */
    public List<ChainEvent> newEvents() {
        return Collections.unmodifiableList(newEvents);
    }

    private void requireState(ChainState expected) {
        if (state != expected) {
            throw new IllegalStateException("chain " + id + " is " + state + ", not " + expected);
        }
    }

    public Attempt currentAttempt() {
        return attempts.get(attempts.size() - 1);
    }

    /** Resubmissions so far: the attempts after the first. */
    public int restartsUsed() {
        return attempts.size() - 1;
    }

    /** The first attempt's job id: the value of {@code SLURM_LONGRUN_INITIAL_JOB_ID}. */
    public Optional<Long> initialJobId() {
        return Optional.ofNullable(attempts.get(0).jobId());
    }

    public UUID id() {
        return id;
    }

    public String user() {
        return user;
    }

    public String name() {
        return name;
    }

    public String script() {
        return script;
    }

    public List<String> args() {
        return args;
    }

    /** The script's own arguments, given to every attempt unchanged; empty when it takes none. */
    public List<String> scriptArguments() {
        return scriptArguments;
    }

    public String workingDirectory() {
        return workingDirectory;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public int maxRestarts() {
        return policy.maxRestarts();
    }

    public RetryPolicy policy() {
        return policy;
    }

    public ChainState state() {
        return state;
    }

    public String stateReason() {
        return stateReason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant endedAt() {
        return endedAt;
    }

    public Instant nextSubmitAt() {
        return nextSubmitAt;
    }

    public long version() {
        return version;
    }

    public List<Attempt> attempts() {
        return Collections.unmodifiableList(attempts);
    }

    /** What an observation led to. */
    public enum Transition {
        /** Nothing new. */
        NONE,
        /** The attempt's state changed; the chain goes on. */
        UPDATED,
        /** The attempt ended retryably: a new attempt waits to be submitted. */
        RESUBMIT,
        /** The chain reached a terminal state. */
        ENDED
    }
}
