package io.longrun.support;

import io.longrun.application.port.out.SlurmGateway;
import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.domain.JobStatus;
import io.longrun.domain.JobSubmission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory Slurm for engine tests: records what it is asked and answers what the test set. */
public class FakeSlurm implements SlurmGateway {
    private final AtomicLong nextJobId = new AtomicLong(1000);
    private final Map<Long, List<String>> states = new HashMap<>();
    /** How long each job ran, for the exit details; an hour unless a test says otherwise. */
    private final Map<Long, java.time.Duration> runtimes = new HashMap<>();
    /** Node list and state reason of a job's details, where a test set them. */
    private final Map<Long, List<String>> details = new HashMap<>();
    private final Deque<SlurmGatewayException> submitFailures = new ArrayDeque<>();
    public final List<JobSubmission> submissions = new ArrayList<>();
    public final List<List<Long>> stateRequests = new ArrayList<>();
    public final List<Long> cancelled = new ArrayList<>();
    private final Map<String, Long> jobsByComment = new HashMap<>();
    public volatile boolean unreachable;
    private boolean loseNextAnswer;

    public synchronized void reset() {
        states.clear();
        runtimes.clear();
        details.clear();
        jobsByComment.clear();
        submitFailures.clear();
        submissions.clear();
        stateRequests.clear();
        cancelled.clear();
        unreachable = false;
    }

    /** The next submit is accepted by "Slurm" but its answer is lost, as when a read times out. */
    public synchronized void loseNextSubmitAnswer() {
        loseNextAnswer = true;
    }

    public synchronized void failNextSubmit(SlurmGatewayException failure) {
        submitFailures.add(failure);
    }

    public synchronized void setState(long jobId, String... state) {
        states.put(jobId, List.of(state));
    }

    /** Where the job ran and Slurm's reason for its state, as its details (not the batched states) tell. */
    public synchronized void setDetails(long jobId, String nodes, String stateReason) {
        details.put(jobId, java.util.Arrays.asList(nodes, stateReason));
    }

    /** The job ended (or runs) with this state after running this long. */
    public synchronized void setState(long jobId, java.time.Duration ranFor, String... state) {
        states.put(jobId, List.of(state));
        runtimes.put(jobId, ranFor);
    }

    /**
     * Moves every job one step on, as a busy cluster would: pending jobs start, running jobs end — mostly by
     * timing out, sometimes completing, being preempted or failing.
     */
    public synchronized void advanceAll(java.util.Random random) {
        for (Map.Entry<Long, List<String>> job : states.entrySet()) {
            String state = job.getValue().get(0);
            if (state.equals("PENDING")) {
                job.setValue(List.of("RUNNING"));
            } else if (state.equals("RUNNING")) {
                int roll = random.nextInt(100);
                String ending = roll < 60 ? "TIMEOUT" : roll < 85 ? "COMPLETED" : roll < 95 ? "PREEMPTED" : "FAILED";
                job.setValue(List.of(ending));
            }
        }
    }

    public synchronized JobSubmission lastSubmission() {
        return submissions.get(submissions.size() - 1);
    }

    @Override
    public void checkSupported(io.longrun.domain.sbatch.SbatchOptions options) {
        // The fake passes every option on.
    }

    @Override
    public synchronized long submit(JobSubmission submission) {
        checkReachable();
        if (!submitFailures.isEmpty()) {
            throw submitFailures.poll();
        }
        submissions.add(submission);
        long jobId = nextJobId.incrementAndGet();
        jobsByComment.put(submission.comment(), jobId);
        states.put(jobId, List.of("PENDING"));
        if (loseNextAnswer) {
            loseNextAnswer = false;
            throw new SlurmGatewayException(SlurmGatewayException.Kind.TRANSIENT, "read timed out", List.of(), null);
        }
        return jobId;
    }

    @Override
    public synchronized Map<Long, JobStatus> states(Collection<Long> jobIds) {
        checkReachable();
        stateRequests.add(List.copyOf(jobIds));
        Map<Long, JobStatus> answer = new HashMap<>();
        for (Long jobId : jobIds) {
            List<String> state = states.get(jobId);
            if (state != null) {
                answer.put(jobId, JobStatus.of(jobId, state));
            }
        }
        return answer;
    }

    @Override
    public synchronized Optional<JobStatus> job(long jobId, String user) {
        checkReachable();
        java.time.Instant now = java.time.Instant.now();
        java.time.Duration ran = runtimes.getOrDefault(jobId, java.time.Duration.ofHours(1));
        return Optional.ofNullable(states.get(jobId)).map(state -> {
            JobStatus status = JobStatus.of(jobId, state);
            List<String> detail = details.getOrDefault(jobId, java.util.Arrays.asList(null, null));
            return new JobStatus(jobId, status.state(), state, status.completing(), status.isFinal() ? 0 : null,
                    now.minus(ran), status.isFinal() ? now : null, detail.get(0), detail.get(1));
        });
    }

    @Override
    public synchronized void cancel(long jobId, String user) {
        checkReachable();
        cancelled.add(jobId);
        states.put(jobId, List.of("CANCELLED"));
    }

    @Override
    public synchronized Optional<Long> findJobByComment(String user, String comment, java.time.Instant submittedSince) {
        checkReachable();
        return Optional.ofNullable(jobsByComment.get(comment));
    }

    @Override
    public void ping() {
        checkReachable();
    }

    private void checkReachable() {
        if (unreachable) {
            throw new SlurmGatewayException(SlurmGatewayException.Kind.TRANSIENT, "slurmrestd unreachable", List.of(),
                    null);
        }
    }
}
