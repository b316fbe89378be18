package io.longrun.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.longrun.domain.sbatch.ParseContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubmissionPlannerTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final ParseContext CONTEXT = new ParseContext(Clock.fixed(T0, ZoneOffset.UTC), ZoneOffset.UTC);
    final SubmissionPlanner planner = new SubmissionPlanner(
            new JobDefaults(Map.of("PATH", "/usr/bin:/bin"), "/home/{user}"));

    static Chain chain(String script, List<String> args, String workingDirectory) {
        return Chain.create(UUID.randomUUID(), "alice", null, script, args, workingDirectory,
                Map.of("MY_VAR", "1"), RetryPolicy.defaults(3), T0);
    }

    @Test
    void theFirstAttemptIsWhatSbatchWouldSubmit() {
        Chain chain = chain("#!/bin/bash\n#SBATCH --time=5\necho\n", List.of(), null);
        JobSubmission first = planner.plan(chain, CONTEXT);

        assertThat(first.standardOutput()).isNull();
        assertThat(first.standardError()).isNull();
        assertThat(first.append()).isFalse();
        assertThat(first.workingDirectory()).isEqualTo("/home/alice");
        assertThat(first.environment()).containsEntry("PATH", "/usr/bin:/bin").containsEntry("MY_VAR", "1")
                .containsEntry("SLURM_LONGRUN_CHAIN_ID", chain.id().toString())
                .containsEntry("SLURM_LONGRUN_ATTEMPT", "1")
                .doesNotContainKey("SLURM_LONGRUN_INITIAL_JOB_ID");
        assertThat(first.script()).contains(CheckpointVariables.EXPORT_LINE);
        assertThat(first.comment()).isEqualTo("longrun:" + chain.id() + ":1");
        assertThat(first.options().jobName()).as("sbatch's name for a script read from stdin").contains("sbatch");
    }

    @Test
    void laterAttemptsAppendToTheFirstJobsLog() {
        Chain chain = chain("#!/bin/bash\n#SBATCH --time=5\necho\n", List.of(), "/scratch/run");
        chain.submissionAccepted(4242, T0);
        chain.observe(ChainTest.ended(4242, "TIMEOUT"), T0);

        JobSubmission second = planner.plan(chain, CONTEXT);

        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.standardOutput()).isEqualTo("slurm-4242.out");
        assertThat(second.append()).isTrue();
        assertThat(second.workingDirectory()).isEqualTo("/scratch/run");
        assertThat(second.environment()).containsEntry("SLURM_LONGRUN_INITIAL_JOB_ID", "4242")
                .containsEntry("SLURM_LONGRUN_ATTEMPT", "2");
    }

    @Test
    void everyAttemptGetsTheScriptArgumentsUnchanged() {
        List<String> arguments = List.of("--time=5", "a b", "", "$X");
        Chain chain = Chain.create(UUID.randomUUID(), "alice", null, "#!/bin/bash\n#SBATCH --time=5\necho \"$@\"\n",
                List.of(), arguments, null, Map.of(), RetryPolicy.defaults(3), T0);

        JobSubmission first = planner.plan(chain, CONTEXT);
        chain.submissionAccepted(4242, T0);
        chain.observe(ChainTest.ended(4242, "TIMEOUT"), T0);
        JobSubmission second = planner.plan(chain, CONTEXT);

        assertThat(first.scriptArguments()).containsExactlyElementsOf(arguments);
        assertThat(second.scriptArguments()).containsExactlyElementsOf(arguments);
        // an argument that looks like an option stays the script's
        assertThat(second.options().time().orElseThrow().minutes()).isEqualTo(5);
        assertThat(planner.plan(chain("#!/bin/bash\n", List.of(), null), CONTEXT).scriptArguments()).isEmpty();
    }

    @Test
    void percentJMeansTheFirstJobInEveryLaterAttempt() {
        Chain chain = chain("#!/bin/bash\n#SBATCH -o train-%j.log\n#SBATCH -e train-%j.err\n", List.of(), null);
        assertThat(planner.plan(chain, CONTEXT).standardOutput()).isEqualTo("train-%j.log");
        chain.submissionAccepted(77, T0);
        chain.observe(ChainTest.ended(77, "PREEMPTED"), T0);

        JobSubmission second = planner.plan(chain, CONTEXT);
        assertThat(second.standardOutput()).isEqualTo("train-77.log");
        assertThat(second.standardError()).isEqualTo("train-77.err");
    }

    @Test
    void chdirIsRelativeToTheWorkingDirectory() {
        assertThat(planner.plan(chain("#!/bin/bash\n#SBATCH --chdir=sub\n", List.of(), "/data/"), CONTEXT)
                .workingDirectory()).isEqualTo("/data/sub");
        assertThat(planner.plan(chain("#!/bin/bash\n", List.of("--chdir=/abs"), "/data"), CONTEXT)
                .workingDirectory()).isEqualTo("/abs");
    }

    @Test
    void longrunOwnsTheRetriesUnlessTheScriptAsksSlurmToRequeue() {
        assertThat(planner.plan(chain("#!/bin/bash\n", List.of(), null), CONTEXT).options().requeue()).contains(false);
        assertThat(planner.plan(chain("#!/bin/bash\n#SBATCH --requeue\n", List.of(), null), CONTEXT).options()
                .requeue()).contains(true);
    }

    @Test
    void theResubmitExitCodeIsInTheEnvironment() {
        assertThat(planner.plan(chain("#!/bin/bash\n", List.of(), null), CONTEXT).environment())
                .containsEntry("SLURM_LONGRUN_RESUBMIT_EXIT_CODE", "99");
    }

    @Test
    void aResubmissionPastItsDeadlineIsRefused() {
        Chain chain = chain("#!/bin/bash\n#SBATCH --time=30 --deadline=2026-11-26T10:20:00\n", List.of(), null);
        assertThat(planner.plan(chain, CONTEXT).attempt()).isEqualTo(1);
        chain.submissionAccepted(5, T0);
        chain.observe(ChainTest.ended(5, "DEADLINE"), T0);
        assertThatThrownBy(() -> planner.plan(chain, CONTEXT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--deadline");
        Chain relative = chain("#!/bin/bash\n#SBATCH --time=30 --deadline=now+2hours\n", List.of(), null);
        relative.submissionAccepted(6, T0);
        relative.observe(ChainTest.ended(6, "DEADLINE"), T0);
        assertThat(planner.plan(relative, CONTEXT).attempt()).as("a relative deadline moves on").isEqualTo(2);
    }

    @Test
    void aScriptWithoutInterpreterLineIsRefused() {
        assertThatThrownBy(() -> SubmissionPlanner.readOptions("echo hi\n", List.of(), CONTEXT))
                .isInstanceOf(io.longrun.domain.sbatch.InvalidSbatchScriptException.class).hasMessageContaining("#!");
    }
}
