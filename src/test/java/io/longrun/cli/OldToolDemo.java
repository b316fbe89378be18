package io.longrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The old tool's demonstration, shared by the real-cluster tests of {@code sbatch_longrun} (service and standalone
 * mode): {@code sbatch_longrun --max-restarts 3 --signal=SIGTERM@20 --time=1 run_job.sbatch} with a script that
 * checkpoints after every step to a file named after the first job. Its first job times out, the resubmission
 * resumes from the checkpoint, appending to the same log, and completes.
 */
final class OldToolDemo {
    /** More than the first job can do: Slurm lets a --time=1 job run up to about 90 s before it ends it. */
    static final int STEPS = 100;
    static final int MAX_RESTARTS = 3;
    static final String SCRIPT_NAME = "run_job.sbatch";
    static final String SCRIPT = """
            #!/bin/bash
            # Checkpoints after every step to a file named after the first job, and on the warning signal.
            state="counter-${SLURM_LONGRUN_INITIAL_JOB_ID:-$SLURM_JOB_ID}.txt"
            step=0
            trap 'echo "received SIGTERM: saving state at step $step"; echo "$step" > "$state"; exit 0' TERM
            if [ -f "$state" ]; then
              step=$(cat "$state")
              echo "submission ${SLURM_LONGRUN_ATTEMPT} job ${SLURM_JOB_ID} resumes after step ${step}"
            else
              echo "submission ${SLURM_LONGRUN_ATTEMPT} job ${SLURM_JOB_ID} starts from scratch"
            fi
            while [ "$step" -lt %d ]; do
              step=$((step + 1))
              echo "$step" > "$state.tmp" && mv "$state.tmp" "$state"
              sleep 1
            done
            echo "submission ${SLURM_LONGRUN_ATTEMPT} finished all %d steps"
            """.formatted(STEPS, STEPS);

    private static final Pattern LOG_LINE = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\| (.*)");

    private OldToolDemo() {
    }

    /** sbatch_longrun's arguments for the demonstration, with more sbatch options before the script. */
    static List<String> arguments(String... moreSbatchOptions) {
        List<String> arguments = new ArrayList<>(List.of("--max-restarts", Integer.toString(MAX_RESTARTS),
                "--signal=SIGTERM@20", "--time=1"));
        arguments.addAll(List.of(moreSbatchOptions));
        arguments.add(SCRIPT_NAME);
        return arguments;
    }

    /** The printed log lines without their timestamps (each line must have one). */
    static List<String> messages(String printed) {
        List<String> messages = new ArrayList<>();
        for (String line : printed.lines().toList()) {
            Matcher matcher = LOG_LINE.matcher(line);
            assertThat(matcher.matches()).as("a log line: " + line).isTrue();
            messages.add(matcher.group(1));
        }
        return messages;
    }

    /** What the old tool printed for the demonstration (at its default verbosity). */
    static List<String> story(long first, long second) {
        return List.of(
                "SUCCESS : Job submitted with ID: " + first,
                "INFO    : Monitoring job " + first + " (submission 1/" + (MAX_RESTARTS + 1) + ")",
                "INFO    : Job " + first + " reached final state: TIMEOUT",
                "SUCCESS : Resubmitted based on status=TIMEOUT job with ID: " + second,
                "INFO    : Monitoring job " + second + " (submission 2/" + (MAX_RESTARTS + 1) + ")",
                "INFO    : Job " + second + " reached final state: COMPLETED",
                "SUCCESS : Job completed successfully.");
    }

    /** The job id a message names after {@code prefix}, e.g. "Job submitted with ID: ". */
    static long jobId(List<String> messages, String prefix) {
        Pattern id = Pattern.compile(".*" + Pattern.quote(prefix) + "(\\d+).*");
        return messages.stream().map(id::matcher).filter(Matcher::matches).mapToLong(m -> Long.parseLong(m.group(1)))
                .findFirst().orElseThrow(() -> new AssertionError("no '" + prefix + "' in " + messages));
    }

    /** One log for the chain, appended to by the resubmission, which resumed from the first job's checkpoint. */
    static void assertOneLogResumedFromTheCheckpoint(String log, long first, long second) {
        assertThat(log).contains("submission 1 job " + first + " starts from scratch")
                .contains("submission 2 job " + second + " resumes after step")
                .contains("submission 2 finished all " + STEPS + " steps");
        int resumedAfter = Integer.parseInt(log.replaceAll("(?s).*resumes after step (\\d+).*", "$1"));
        assertThat(resumedAfter).isBetween(30, STEPS - 1);
    }
}
