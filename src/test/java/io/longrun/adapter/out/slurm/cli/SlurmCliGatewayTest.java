package io.longrun.adapter.out.slurm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.application.port.out.SlurmGatewayException.Kind;
import io.longrun.domain.JobStatus;
import io.longrun.domain.JobSubmission;
import io.longrun.domain.SlurmJobState;
import io.longrun.domain.sbatch.InvalidSbatchOptionException;
import io.longrun.domain.sbatch.ParseContext;
import io.longrun.domain.sbatch.SbatchParser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The command line adapter, against outputs recorded from Slurm 24.11's commands on the dev cluster. */
class SlurmCliGatewayTest {
    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final SlurmCliProperties PROPERTIES = new SlurmCliProperties(List.of("sudo", "-n", "-u", "{user}", "--"),
            "slurm", Duration.ofSeconds(7), SlurmCliProperties.Commands.defaults());

    final RecordedCommands slurm = new RecordedCommands();
    final SlurmCliGateway gateway = new SlurmCliGateway(slurm, PROPERTIES, CLOCK, "longrun");

    @Test
    void submitRunsSbatchAsTheUserWithExactlyTheSubmissionsEnvironmentAndTheScriptOnStdin() {
        slurm.then("sbatch-ok");
        JobSubmission submission = submission("#!/bin/bash\n#SBATCH --time=5 -J train\n#SBATCH --export=NONE\nsleep 1\n",
                List.of("--partition=debug"), true);

        long jobId = gateway.submit(submission);

        assertThat(jobId).isEqualTo(RecordedCommands.jobId("completed"));
        assertThat(slurm.commands).singleElement().isEqualTo(List.of(
                "sudo", "-n", "-u", "alice", "--",
                "env", "-i", "-C", "/home/alice/work", "--", "PATH=/usr/bin:/bin", "FOO=a,b \"c\" $HOME", "SLURM_LONGRUN_ATTEMPT=2",
                "sbatch", "--parsable", "--job-name=train", "--partition=debug", "--time=5",
                "--chdir=/home/alice/work", "--output=/home/alice/work/slurm-100.out", "--open-mode=append",
                "--comment=longrun:test:2", "--export=ALL"));
        assertThat(slurm.stdins).containsExactly(submission.script());
        assertThat(slurm.timeouts).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void scriptArgumentsGoAfterAFileTheUsersOwnShellMakesAndRemovesAroundTheSameSbatchCommand() {
        slurm.then("sbatch-ok");
        JobSubmission plain = submission("#!/bin/bash\n#SBATCH -J train\nsleep 1\n", List.of(), false);
        List<String> arguments = List.of("a b", "", "--time=5", "-n", "$HOME*", "it's \"q\"");
        JobSubmission withArguments = withScriptArguments(plain, arguments);

        gateway.submit(withArguments);

        List<String> sbatch = SbatchCommandLine.of(plain, PROPERTIES.commands(), NOW);
        List<String> expected = new java.util.ArrayList<>(List.of("sudo", "-n", "-u", "alice", "--",
                "sh", "-c", SbatchCommandLine.SCRIPT_FILE, "sh", Integer.toString(sbatch.size())));
        expected.addAll(sbatch);
        expected.addAll(arguments);
        assertThat(slurm.commands).singleElement().isEqualTo(expected);
        assertThat(slurm.stdins).containsExactly(plain.script());
    }

    @Test
    void withoutScriptArgumentsTheScriptStillComesOnStdinWithoutAShell() {
        JobSubmission plain = submission("#!/bin/bash\nsleep 1\n", List.of(), false);

        assertThat(SbatchCommandLine.of(withScriptArguments(plain, List.of()), PROPERTIES.commands(), NOW))
                .isEqualTo(SbatchCommandLine.of(plain, PROPERTIES.commands(), NOW))
                .startsWith("env").doesNotContain("sh", SbatchCommandLine.SCRIPT_FILE);
    }

    static JobSubmission withScriptArguments(JobSubmission submission, List<String> arguments) {
        return new JobSubmission(submission.chainId(), submission.attempt(), submission.user(), submission.script(),
                submission.workingDirectory(), submission.environment(), submission.options(),
                submission.standardOutput(), submission.standardError(), submission.append(), submission.comment(),
                arguments);
    }

    @Test
    void datesGoToSbatchRelativeToItsOwnClockSoItsTimeZoneDoesNotMatter() {
        slurm.then("sbatch-ok");

        gateway.submit(submission("#!/bin/bash\n#SBATCH --begin=now+1hour --deadline=2026-11-26T14:00:00\nsleep 1\n",
                List.of(), false));

        assertThat(slurm.commands.get(0)).contains("--begin=now+3600", "--deadline=now+14400")
                .noneMatch(arg -> arg.startsWith("--begin=2") || arg.startsWith("--deadline=2"))
                .doesNotContain("--open-mode=append");
    }

    @Test
    void aBatchOfStatesIsOneSqueueAsTheStatusUser() {
        slurm.then("squeue-jobs");
        long completed = RecordedCommands.jobId("completed");
        long held = RecordedCommands.jobId("cancelled");

        Map<Long, JobStatus> states = gateway.states(List.of(completed, held, 9999999L));

        assertThat(slurm.commands).singleElement().isEqualTo(List.of("sudo", "-n", "-u", "slurm", "--",
                "squeue", "--json", "--states=all", "--jobs=" + completed + "," + held + ",9999999"));
        assertThat(states).containsOnlyKeys(completed, held);
        assertThat(states.get(completed).state()).isEqualTo(SlurmJobState.COMPLETED);
        assertThat(states.get(completed).isFinal()).isTrue();
        assertThat(states.get(held).state()).isEqualTo(SlurmJobState.PENDING);
        // squeue's batch tells where a job runs (the REST batch does not).
        assertThat(states.get(completed).nodes()).isEqualTo("localhost");
        assertThat(states.get(held).nodes()).isNull();
        assertThat(states.get(held).stateReason()).isEqualTo("JobHeldUser");
    }

    @Test
    void oneUnknownJobIsMissingFromTheAnswerNotAnError() {
        slurm.then("squeue-unknown-job");

        assertThat(gateway.states(List.of(9999999L))).isEmpty();
    }

    @Test
    void aJobStillInSlurmctldComesWithExitCodeAndTimes() {
        slurm.then("squeue-jobs");
        long completed = RecordedCommands.jobId("completed");

        JobStatus status = gateway.job(completed, "alice").orElseThrow();

        assertThat(slurm.commands.get(0)).startsWith("sudo", "-n", "-u", "alice", "--", "squeue");
        assertThat(status.state()).isEqualTo(SlurmJobState.COMPLETED);
        assertThat(status.exitCode()).isZero();
        assertThat(status.startedAt()).isNotNull();
        assertThat(status.endedAt()).isAfterOrEqualTo(status.startedAt());
        assertThat(status.nodes()).isEqualTo("localhost");
        assertThat(status.stateReason()).as("squeue says None").isNull();
    }

    @Test
    void aPurgedJobIsReadFromAccountingAndARequeuedOneByItsLatestRun() {
        long requeued = RecordedCommands.jobId("requeued");
        slurm.then("squeue-unknown-job").then("sacct-requeued-duplicates");

        JobStatus status = gateway.job(requeued, "alice").orElseThrow();

        assertThat(slurm.commands.get(1)).isEqualTo(List.of("sudo", "-n", "-u", "alice", "--",
                "sacct", "--json", "--jobs=" + requeued));
        assertThat(status.state()).as("the second run, not the first one's REQUEUED record")
                .isEqualTo(SlurmJobState.COMPLETED);
        assertThat(status.exitCode()).isZero();
        assertThat(status.endedAt()).isNotNull();
        assertThat(status.nodes()).isEqualTo("localhost");
    }

    @Test
    void aJobNobodyKnowsIsAbsent() {
        slurm.then("squeue-unknown-job").then("sacct-unknown");

        assertThat(gateway.job(9999999L, "alice")).isEmpty();
    }

    @Test
    void aSubmitLimitIsAQuotaWithTheLimitNamed() {
        slurm.then("sbatch-quota");

        assertThatThrownBy(() -> gateway.submit(submission("#!/bin/bash\nsleep 1\n", List.of(), false)))
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.QUOTA);
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.slurmErrors()).containsExactly("AssocMaxSubmitJobLimit",
                            "Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)");
                    assertThat(e.getMessage()).startsWith("submit job failed (a Slurm submit limit is reached");
                });
    }

    @Test
    void aRefusedSubmissionIsPermanentWithSlurmsOwnMessage() {
        slurm.then("sbatch-invalid-partition").then("sbatch-invalid-account");

        assertThatThrownBy(() -> gateway.submit(submission("#!/bin/bash\nsleep 1\n", List.of(), false)))
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
                    assertThat(e.getMessage()).contains("Invalid partition name specified");
                    assertThat(e.slurmErrors()).contains("Invalid partition name specified");
                });
        assertThatThrownBy(() -> gateway.submit(submission("#!/bin/bash\nsleep 1\n", List.of(), false)))
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
                    assertThat(e.getMessage())
                            .isEqualTo("submit job failed: Invalid account or account/partition combination specified");
                });
    }

    @Test
    void slurmOutOfReachIsTransientEverywhere() {
        slurm.then("sbatch-controller-unreachable").then("squeue-controller-unreachable")
                .then("squeue-unknown-job").then("sacct-dbd-unreachable").then("scontrol-ping-down");

        assertThatThrownBy(() -> gateway.submit(submission("#!/bin/bash\nsleep 1\n", List.of(), false)))
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
                    assertThat(e.getMessage()).contains("Unable to contact slurm controller");
                });
        assertThatThrownBy(() -> gateway.states(List.of(1L, 2L)))
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
        assertThatThrownBy(() -> gateway.job(1L, "alice"))
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
                    assertThat(e.getMessage()).contains("Problem talking to the database");
                });
        assertThatThrownBy(gateway::ping)
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
                    assertThat(e.getMessage()).contains("is DOWN");
                });
    }

    @Test
    void aCommandThatTimesOutOrCannotRunIsTransient() {
        slurm.then(new CommandRunner.Result(-1, "", "", true))
                .then(new CommandRunner.Result(1, "", "sudo: a password is required\n", false));

        assertThatThrownBy(() -> gateway.submit(submission("#!/bin/bash\nsleep 1\n", List.of(), false)))
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
                    assertThat(e.getMessage()).contains("sbatch did not finish within PT7S");
                });
        assertThatThrownBy(() -> gateway.submit(submission("#!/bin/bash\nsleep 1\n", List.of(), false)))
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
                    assertThat(e.getMessage()).contains("sudo: a password is required");
                });
    }

    @Test
    void sbatchRunsWhereTheChainWasSubmittedFromForItsSubmitDir() {
        slurm.then("sbatch-ok").then(new CommandRunner.Result(125, "",
                "env: cannot change directory to '/home/alice/gone': No such file or directory\n", false));
        JobSubmission submission = submission("#!/bin/bash\n#SBATCH --chdir=/tmp\nsleep 1\n", List.of(), false);
        Map<String, String> environment = new LinkedHashMap<>(submission.environment());
        environment.put("SLURM_SUBMIT_DIR", "/home/alice/gone");
        JobSubmission fromThere = new JobSubmission(submission.chainId(), 1, "alice", submission.script(), "/tmp",
                environment, submission.options(), null, null, false, null);

        gateway.submit(fromThere);
        assertThat(slurm.commands.get(0)).containsSubsequence("env", "-i", "-C", "/home/alice/gone", "--")
                .contains("--chdir=/tmp");

        assertThatThrownBy(() -> gateway.submit(fromThere)).isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
            assertThat(e.kind()).as("the chain's directory, not Slurm, is the problem").isEqualTo(Kind.PERMANENT);
            assertThat(e.getMessage()).contains("cannot change directory to '/home/alice/gone'");
        });
    }

    @Test
    void pingAsksSlurmctld() {
        slurm.then("scontrol-ping");

        gateway.ping();

        assertThat(slurm.commands).singleElement()
                .isEqualTo(List.of("sudo", "-n", "-u", "slurm", "--", "scontrol", "ping"));
    }

    @Test
    void cancellingAJobThatIsGoneIsNotAnError() {
        slurm.then(new CommandRunner.Result(0, "", "", false))
                .then(new CommandRunner.Result(1, "", "scancel: error: Kill job error on job id 9999999: "
                        + "Invalid job id specified\n", false))
                .then(new CommandRunner.Result(1, "", "scancel: error: Kill job error on job id 5: "
                        + "Access/permission denied\n", false));

        gateway.cancel(5, "alice");
        gateway.cancel(9999999, "alice");
        assertThatThrownBy(() -> gateway.cancel(5, "alice")).isInstanceOfSatisfying(SlurmGatewayException.class,
                e -> assertThat(e.getMessage()).contains("Access/permission denied"));

        assertThat(slurm.commands.get(0)).isEqualTo(List.of("sudo", "-n", "-u", "alice", "--", "scancel", "5"));
    }

    @Test
    void theUsersOwnCommentIsKeptBeforeTheChainsTagAndTheJobIsFoundByTheTag() {
        slurm.then("sbatch-ok");
        gateway.submit(submission("#!/bin/bash\n#SBATCH --comment=\"nightly run\"\nsleep 1\n", List.of(), true));

        assertThat(slurm.commands.get(0)).contains("--comment=nightly run longrun:test:2")
                .noneMatch(word -> word.equals("--comment=nightly run"));

        slurm.then(new CommandRunner.Result(0, """
                {"jobs": [{"job_id": 43, "comment": "nightly run longrun:c:4", "user_name": "alice"},
                          {"job_id": 44, "comment": "nightly run longrun:c:44", "user_name": "alice"}]}""", "", false));
        assertThat(gateway.findJobByComment("alice", "longrun:c:4", NOW.minusSeconds(120))).contains(43L);
    }

    @Test
    void aJobIsFoundByItsCommentInSlurmctldThenInAccounting() {
        slurm.then(new CommandRunner.Result(0, """
                        {"jobs": [{"job_id": 41, "comment": "longrun:c:1", "user_name": "alice"},
                                  {"job_id": 42, "comment": "longrun:c:2", "user_name": "alice"}]}""", "", false))
                .then(new CommandRunner.Result(0, "{\"jobs\": []}", "", false))
                .then(new CommandRunner.Result(0, """
                        {"jobs": [{"job_id": 7, "comment": {"job": "longrun:c:3", "administrator": ""}}]}""", "", false));

        assertThat(gateway.findJobByComment("alice", "longrun:c:2", NOW.minusSeconds(120))).contains(42L);
        assertThat(gateway.findJobByComment("alice", "longrun:c:3", NOW.minusSeconds(120))).contains(7L);

        assertThat(slurm.commands.get(0)).endsWith("squeue", "--json", "--states=all", "--user=alice");
        assertThat(slurm.commands.get(2)).endsWith("sacct", "--json", "--user=alice", "--starttime=now-120");
    }

    @Test
    void withoutAPrefixLongrunActsForItselfOnly() {
        SlurmCliGateway unprefixed = new SlurmCliGateway(slurm, new SlurmCliProperties(List.of(), "slurm",
                Duration.ofSeconds(7), SlurmCliProperties.Commands.defaults()), CLOCK, "longrun");
        slurm.then("sbatch-ok").then("squeue-unknown-job").then("sacct-unknown");

        assertThatThrownBy(() -> unprefixed.submit(submission("#!/bin/bash\nsleep 1\n", List.of(), false)))
                .isInstanceOfSatisfying(SlurmGatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
                    assertThat(e.getMessage()).contains("cannot act for alice").contains("command-prefix");
                });
        assertThat(slurm.commands).isEmpty();

        JobSubmission own = new JobSubmission(UUID.randomUUID(), 1, "longrun", "#!/bin/bash\nsleep 1\n", "/tmp",
                Map.of("PATH", "/bin"), SbatchParser.parse("#!/bin/bash\n", List.of(), new ParseContext(CLOCK, ZoneOffset.UTC)),
                null, null, false, null);
        unprefixed.submit(own);
        assertThat(slurm.commands.get(0)).startsWith("env", "-i", "-C", "/tmp", "--", "PATH=/bin", "sbatch");
        // Reading needs no identity: it runs as Longrun itself.
        unprefixed.job(5, "alice");
        assertThat(slurm.commands.get(1)).startsWith("squeue");
    }

    @Test
    void aUserNameIsNeverAnOption() {
        JobSubmission sneaky = new JobSubmission(UUID.randomUUID(), 1, "-s", "#!/bin/bash\n", "/tmp", Map.of(),
                SbatchParser.parse("#!/bin/bash\n", List.of(), new ParseContext(CLOCK, ZoneOffset.UTC)), null, null,
                false, null);

        assertThatThrownBy(() -> gateway.submit(sneaky)).isInstanceOfSatisfying(SlurmGatewayException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PERMANENT));
        assertThat(slurm.commands).isEmpty();
    }

    @Test
    void aVariableNameIsNeverAnOptionEither() {
        JobSubmission sneaky = new JobSubmission(UUID.randomUUID(), 1, "alice", "#!/bin/bash\n", "/tmp",
                Map.of("-u", "x"), SbatchParser.parse("#!/bin/bash\n", List.of(), new ParseContext(CLOCK, ZoneOffset.UTC)),
                null, null, false, null);

        assertThatThrownBy(() -> gateway.submit(sneaky)).isInstanceOfSatisfying(SlurmGatewayException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.PERMANENT));
        assertThat(slurm.commands).isEmpty();
    }

    @Test
    void anArrayIsRefusedUntilChainsOfArraysAreDesigned() {
        assertThatThrownBy(() -> gateway.checkSupported(SbatchParser.parse("#!/bin/bash\n#SBATCH --array=1-4\n",
                List.of(), new ParseContext(CLOCK, ZoneOffset.UTC))))
                .isInstanceOfSatisfying(InvalidSbatchOptionException.class,
                        e -> assertThat(e.getMessage()).contains("--array"));
        gateway.checkSupported(SbatchParser.parse("#!/bin/bash\n#SBATCH --mem=4G --gres=gpu:1 --mail-type=END\n",
                List.of(), new ParseContext(CLOCK, ZoneOffset.UTC)));
    }

    static JobSubmission submission(String script, List<String> args, boolean resubmission) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", "/usr/bin:/bin");
        environment.put("FOO", "a,b \"c\" $HOME");
        environment.put("SLURM_LONGRUN_ATTEMPT", resubmission ? "2" : "1");
        return new JobSubmission(UUID.randomUUID(), resubmission ? 2 : 1, "alice", script, "/home/alice/work",
                environment, SbatchParser.parse(script, args, new ParseContext(CLOCK, ZoneOffset.UTC)),
                resubmission ? "/home/alice/work/slurm-100.out" : null, null, resubmission,
                resubmission ? "longrun:test:2" : null);
    }
}
