package io.longrun.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.longrun.domain.sbatch.ExportSpec;
import io.longrun.domain.sbatch.ParseContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** --export over a chain's submitter environment, as sbatch 24.11 applies it (seen on the dev cluster). */
class JobEnvironmentTest {
    static final Map<String, String> SUBMITTER = submitter();

    private static Map<String, String> submitter() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("PATH", "/usr/bin:/bin");
        variables.put("LANG", "C.UTF-8");
        variables.put("A", "from-submitter");
        variables.put("SLURM_FOO", "x");
        return variables;
    }

    static Map<String, String> export(String value) {
        return JobEnvironment.of(SUBMITTER, "/home/alice", Optional.of(ExportSpec.parse(value))).variables();
    }

    @Test
    void withoutExportTheJobGetsTheWholeSubmitterEnvironment() {
        Map<String, String> job = JobEnvironment.of(SUBMITTER, "/home/alice", Optional.empty()).variables();
        assertThat(job).containsExactly(entry("PATH", "/usr/bin:/bin"), entry("LANG", "C.UTF-8"),
                entry("A", "from-submitter"), entry("SLURM_FOO", "x"), entry("SLURM_SUBMIT_DIR", "/home/alice"));
    }

    @Test
    void exportAllIsTheDefaultAndSetsNoExportVariable() {
        assertThat(export("ALL")).isEqualTo(JobEnvironment.of(SUBMITTER, "/home/alice", Optional.empty()).variables())
                .doesNotContainKey("SLURM_EXPORT_ENV").doesNotContainKey("SLURM_GET_USER_ENV");
        assertThat(export("all")).containsKeys("PATH", "LANG", "A");
    }

    @Test
    void noneKeepsOnlySlurmVariablesAndLetsSlurmdLoadTheLoginEnvironment() {
        assertThat(export("NONE")).containsOnly(entry("SLURM_FOO", "x"), entry("SLURM_SUBMIT_DIR", "/home/alice"),
                entry("SLURM_EXPORT_ENV", "NONE"), entry("SLURM_GET_USER_ENV", "1"));
    }

    @Test
    void nilKeepsOnlySlurmVariablesWithoutTheLoginEnvironment() {
        assertThat(export("NIL")).containsOnly(entry("SLURM_FOO", "x"), entry("SLURM_SUBMIT_DIR", "/home/alice"),
                entry("SLURM_EXPORT_ENV", "NIL"));
    }

    @Test
    void aListExportsTheNamedVariablesThatExistAndTheAssignments() {
        assertThat(export("A,B=1,MISSING")).containsOnly(entry("A", "from-submitter"), entry("B", "1"),
                entry("SLURM_FOO", "x"), entry("SLURM_SUBMIT_DIR", "/home/alice"),
                entry("SLURM_EXPORT_ENV", "A,MISSING,B=1"), entry("SLURM_GET_USER_ENV", "1"));
    }

    @Test
    void allInAListExportsEverythingPlusTheAssignments() {
        Map<String, String> job = export("ALL,B=1,PATH=/opt/bin");
        assertThat(job).contains(entry("LANG", "C.UTF-8"), entry("A", "from-submitter"), entry("B", "1"),
                entry("PATH", "/opt/bin"), entry("SLURM_FOO", "x"), entry("SLURM_EXPORT_ENV", "ALL,B=1,PATH=/opt/bin"),
                entry("SLURM_GET_USER_ENV", "1"));
    }

    @Test
    void anAssignmentWinsOverTheSubmittersValue() {
        assertThat(export("A=mine")).containsEntry("A", "mine");
        assertThat(export("A,A=mine")).containsEntry("A", "mine");
    }

    @Test
    void theSubmittersSlurmVariablesWinEvenOverAListAssignmentAsInSbatch() {
        assertThat(export("SLURM_FOO=y,B=1")).containsEntry("SLURM_FOO", "x");
        assertThat(export("SLURM_BAR=y")).containsEntry("SLURM_BAR", "y");
    }

    @Test
    void quotedValuesArePassedWithoutTheirQuotes() {
        assertThat(export("\"B=x,y\"")).containsEntry("B", "x,y");
    }

    @Test
    void theSubmitDirectoryIsSlurmsEvenWhenTheSubmitterSetsOne() {
        Map<String, String> submitter = new LinkedHashMap<>(SUBMITTER);
        submitter.put("SLURM_SUBMIT_DIR", "/elsewhere");
        assertThat(JobEnvironment.of(submitter, "/home/alice", Optional.empty()).variables())
                .containsEntry("SLURM_SUBMIT_DIR", "/home/alice");
        assertThat(JobEnvironment.of(Map.of("X", "1"), null, Optional.empty()).variables())
                .containsOnly(entry("X", "1"));
    }

    @Test
    void theResultIsUnmodifiable() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> export("NIL").put("X", "1"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    // --- through the planner -------------------------------------------------------------------------

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final ParseContext CONTEXT = new ParseContext(Clock.fixed(T0, ZoneOffset.UTC), ZoneOffset.UTC);
    final SubmissionPlanner planner = new SubmissionPlanner(
            new JobDefaults(Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8"), "/home/{user}"));

    private Map<String, String> planned(String directives, List<String> args, String workingDirectory) {
        Chain chain = Chain.create(UUID.randomUUID(), "alice", null, "#!/bin/bash\n" + directives + "\necho\n", args,
                workingDirectory, Map.of("MY_VAR", "1"), RetryPolicy.defaults(3), T0);
        return planner.plan(chain, CONTEXT).environment();
    }

    @Test
    void theSubmitterEnvironmentIsTheBaseEnvironmentThenTheRequests() {
        Map<String, String> job = planned("", List.of(), null);
        assertThat(job).containsEntry("PATH", "/usr/bin:/bin").containsEntry("LANG", "C.UTF-8")
                .containsEntry("MY_VAR", "1").containsEntry("SLURM_SUBMIT_DIR", "/home/alice")
                .containsEntry("SLURM_LONGRUN_ATTEMPT", "1");
    }

    @Test
    void exportNoneStillGivesTheLongrunVariablesSoTheEnvironmentIsNeverEmpty() {
        Map<String, String> job = planned("#SBATCH --export=NONE", List.of(), "/scratch/run");
        assertThat(job).doesNotContainKeys("PATH", "LANG", "MY_VAR")
                .containsEntry("SLURM_SUBMIT_DIR", "/scratch/run").containsEntry("SLURM_GET_USER_ENV", "1")
                .containsKeys("SLURM_LONGRUN_CHAIN_ID", "SLURM_LONGRUN_ATTEMPT", "SLURM_LONGRUN_RESUBMIT_EXIT_CODE");
    }

    @Test
    void argsOverrideTheScriptsExport() {
        Map<String, String> job = planned("#SBATCH --export=NONE", List.of("--export=MY_VAR,EXTRA=2"), null);
        assertThat(job).containsEntry("MY_VAR", "1").containsEntry("EXTRA", "2").doesNotContainKey("PATH")
                .containsEntry("SLURM_EXPORT_ENV", "MY_VAR,EXTRA=2");
    }

    @Test
    void theSubmitDirectoryIsTheWorkingDirectoryBeforeChdir() {
        assertThat(planned("#SBATCH --chdir=sub", List.of(), "/data")).containsEntry("SLURM_SUBMIT_DIR", "/data");
    }
}
