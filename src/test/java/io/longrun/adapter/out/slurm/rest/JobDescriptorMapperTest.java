package io.longrun.adapter.out.slurm.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.longrun.domain.JobSubmission;
import io.longrun.domain.sbatch.InvalidSbatchOptionException;
import io.longrun.domain.sbatch.ParseContext;
import io.longrun.domain.sbatch.SbatchOptions;
import io.longrun.domain.sbatch.SbatchParser;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job descriptor JSON the mapper produces for sbatch options, serialised as the gateway sends it. The
 * expected fields are the ones sbatch fills (SbatchOracleIT checks the resulting jobs on the real cluster).
 */
class JobDescriptorMapperTest {
    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    static final ParseContext CONTEXT = new ParseContext(Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);
    static final JsonMapper SLURM_JSON = SlurmRestConfiguration.slurmJsonMapper();
    static final JsonMapper PLAIN = JsonMapper.builder().build();
    static final String TAG = "longrun:chain:1";

    /** The job object sent for a script with these directive lines (and args). */
    static JsonNode job(String directives, String... args) {
        return job(submission(directives, args));
    }

    static JsonNode job(JobSubmission submission) {
        JobDescriptorMapper.checkSupported(submission.options());
        String json = SLURM_JSON.writeValueAsString(JobDescriptorMapper.toJobDescriptor(submission));
        JsonNode job = PLAIN.readTree(json);
        assertNoNullsOrEmpties(job, "job");
        return job;
    }

    static JobSubmission submission(String directives, String... args) {
        String script = "#!/bin/bash\n" + directives + "\nsleep 1\n";
        SbatchOptions options = SbatchParser.parse(script, Arrays.asList(args), CONTEXT);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", "/usr/bin:/bin");
        environment.put("SLURM_LONGRUN_ATTEMPT", "1");
        return new JobSubmission(UUID.randomUUID(), 1, "alice", script, "/home/alice", environment, options,
                options.output().orElse(null), options.error().orElse(null), false, TAG);
    }

    /** slurmrestd reads a JSON null as a value and an empty list as "clear": neither may ever be sent. */
    static void assertNoNullsOrEmpties(JsonNode node, String path) {
        assertThat(node.isNull()).as(path + " is null").isFalse();
        if (node.isArray() || node.isObject()) {
            assertThat(node.size()).as(path + " is empty").isPositive();
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                assertNoNullsOrEmpties(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext(); ) {
                String name = names.next();
                assertNoNullsOrEmpties(node.get(name), path + "." + name);
            }
        }
    }

    static List<String> fieldNames(JsonNode job) {
        List<String> names = new ArrayList<>();
        job.propertyNames().forEach(names::add);
        return names;
    }

    static String json(JsonNode node) {
        return node == null ? null : node.toString();
    }

    @Test
    void aScriptWithoutOptionsSendsOnlyWhatEveryJobNeeds() {
        JsonNode job = job("");
        assertThat(fieldNames(job)).containsExactlyInAnyOrder("script", "current_working_directory", "environment",
                "comment");
        assertThat(json(job.get("environment"))).isEqualTo("[\"PATH=/usr/bin:/bin\",\"SLURM_LONGRUN_ATTEMPT=1\"]");
        assertThat(job.get("comment").asString()).isEqualTo(TAG);
    }

    @Test
    void scriptArgumentsAreArgvAfterAnEmptyScriptNameExactlyAsGiven() {
        JobSubmission plain = submission("#SBATCH -J args");
        List<String> arguments = List.of("a b", "", "--time=5", "-n", "$HOME*", "it's \"q\"");
        JobSubmission withArguments = new JobSubmission(plain.chainId(), 1, "alice", plain.script(),
                plain.workingDirectory(), plain.environment(), plain.options(), null, null, false, TAG, arguments);

        JsonNode job = job(withArguments);

        List<String> argv = new ArrayList<>();
        job.get("argv").forEach(word -> argv.add(word.asString()));
        assertThat(argv).containsExactly("", "a b", "", "--time=5", "-n", "$HOME*", "it's \"q\"");
        // the arguments are not options: nothing else changes
        assertThat(json(job.get("time_limit"))).isEqualTo(json(job(plain).get("time_limit")));
        assertThat(job(plain).has("argv")).as("no argv without arguments, as from sbatch").isFalse();
    }

    @Test
    void namesAndPlaces() {
        JsonNode job = job("#SBATCH -J train -p high -A research -q normal --reservation=maint --wckey=wk"
                + " --licenses=fluent:2 -C 'intel&ib'");
        assertThat(job.get("name").asString()).isEqualTo("train");
        assertThat(job.get("partition").asString()).isEqualTo("high");
        assertThat(job.get("account").asString()).isEqualTo("research");
        assertThat(job.get("qos").asString()).isEqualTo("normal");
        assertThat(job.get("reservation").asString()).isEqualTo("maint");
        assertThat(job.get("wckey").asString()).isEqualTo("wk");
        assertThat(job.get("licenses").asString()).isEqualTo("fluent:2");
        assertThat(job.get("constraints").asString()).isEqualTo("intel&ib");
    }

    @Test
    void timesAreNoValStructsInMinutes() {
        JsonNode job = job("#SBATCH --time=1-02:03:04 --time-min=90"); // seconds round up, as in sbatch
        assertThat(json(job.get("time_limit"))).isEqualTo("{\"infinite\":false,\"number\":1564,\"set\":true}");
        assertThat(json(job.get("time_minimum"))).isEqualTo("{\"infinite\":false,\"number\":90,\"set\":true}");
        assertThat(json(job("#SBATCH --time=UNLIMITED").get("time_limit")))
                .isEqualTo("{\"infinite\":true,\"set\":false}");
    }

    @Test
    void nodesTasksAndCpus() {
        JsonNode job = job("#SBATCH --nodes=2-4 --ntasks=8 --ntasks-per-node=2 --cpus-per-task=3");
        assertThat(job.get("minimum_nodes").asLong()).isEqualTo(2);
        assertThat(job.get("maximum_nodes").asLong()).isEqualTo(4);
        assertThat(job.get("tasks").asLong()).isEqualTo(8);
        assertThat(job.get("tasks_per_node").asLong()).isEqualTo(2);
        assertThat(job.get("cpus_per_task").asLong()).isEqualTo(3);
        assertThat(job.get("tres_per_task").asString()).isEqualTo("cpu=3");
        assertThat(json(job.get("flags"))).isEqualTo("[\"EXACT_CPU_COUNT_REQUESTED\"]");

        JsonNode exact = job("#SBATCH -N 3");
        assertThat(exact.get("minimum_nodes").asLong()).isEqualTo(3);
        assertThat(exact.get("maximum_nodes").asLong()).isEqualTo(3);
    }

    @Test
    void theNodeCountFollowsFromTasksPerNodeAsInSbatch() {
        assertThat(job("#SBATCH --ntasks=5 --ntasks-per-node=2").get("minimum_nodes").asLong()).isEqualTo(3);
        assertThat(job("#SBATCH --ntasks=4 --ntasks-per-node=2").get("minimum_nodes").asLong()).isEqualTo(2);
        assertThat(job("#SBATCH --ntasks-per-node=2").has("minimum_nodes")).isFalse();
        assertThat(job("#SBATCH --ntasks=5 --ntasks-per-node=2 -N 4").get("minimum_nodes").asLong()).isEqualTo(4);
    }

    @Test
    void memoryIsInMebibytes() {
        assertThat(json(job("#SBATCH --mem=4G").get("memory_per_node")))
                .isEqualTo("{\"infinite\":false,\"number\":4096,\"set\":true}");
        assertThat(json(job("#SBATCH --mem=0").get("memory_per_node")))
                .isEqualTo("{\"infinite\":false,\"number\":0,\"set\":true}");
        JsonNode perCpu = job("#SBATCH --mem-per-cpu=1500K");
        assertThat(json(perCpu.get("memory_per_cpu"))).isEqualTo("{\"infinite\":false,\"number\":2,\"set\":true}");
        assertThat(perCpu.has("memory_per_node")).isFalse();
        assertThat(job("#SBATCH --mem-per-gpu=2G").get("memory_per_tres").asString()).isEqualTo("gres/gpu:2048");
        assertThat(job("#SBATCH --tmp=1T").get("temporary_disk_per_node").asLong()).isEqualTo(1048576);
    }

    @Test
    void gpusAndGenericResourcesBecomeTres() {
        assertThat(job("#SBATCH --gpus=2").get("tres_per_job").asString()).isEqualTo("gres/gpu:2");
        assertThat(job("#SBATCH -G a100:2,v100:1").get("tres_per_job").asString())
                .isEqualTo("gres/gpu:a100:2,gres/gpu:v100:1");
        assertThat(job("#SBATCH --gpus-per-node=4").get("tres_per_node").asString()).isEqualTo("gres/gpu:4");
        assertThat(job("#SBATCH --gres=gpu:1,nic:2").get("tres_per_node").asString())
                .isEqualTo("gres/gpu:1,gres/nic:2");
        assertThat(job("#SBATCH --gres=gres/gpu:1").get("tres_per_node").asString()).isEqualTo("gres/gpu:1");
        assertThat(job("#SBATCH --gpus-per-node=2 --gres=nic:1").get("tres_per_node").asString())
                .isEqualTo("gres/gpu:2,gres/nic:1");
        assertThat(job("#SBATCH --gres=none").has("tres_per_node")).as("sbatch does not send --gres=none").isFalse();
    }

    @Test
    void nodeListsAndSharing() {
        JsonNode job = job("#SBATCH --nodelist=node[1-3],gpu7 --exclude=node2");
        assertThat(json(job.get("required_nodes"))).isEqualTo("[\"node[1-3],gpu7\"]");
        assertThat(json(job.get("excluded_nodes"))).isEqualTo("[\"node2\"]");
        assertThat(json(job("#SBATCH --exclusive").get("shared"))).isEqualTo("[\"none\"]");
        assertThat(json(job("#SBATCH --exclusive=user").get("shared"))).isEqualTo("[\"user\"]");
        assertThat(json(job("#SBATCH --exclusive=mcs").get("shared"))).isEqualTo("[\"mcs\"]");
        assertThat(json(job("#SBATCH --exclusive=topo").get("shared"))).isEqualTo("[\"topo\"]");
    }

    @Test
    void filesAndSignals() {
        JsonNode job = job("#SBATCH -o out-%j.log -e err-%j.log -i in.txt --open-mode=truncate --signal=RB:USR1@90");
        assertThat(job.get("standard_output").asString()).isEqualTo("out-%j.log");
        assertThat(job.get("standard_error").asString()).isEqualTo("err-%j.log");
        assertThat(job.get("standard_input").asString()).isEqualTo("in.txt");
        assertThat(json(job.get("open_mode"))).isEqualTo("[\"TRUNCATE\"]");
        assertThat(job.get("kill_warning_signal").asString()).isEqualTo("USR1");
        assertThat(json(job.get("kill_warning_delay"))).isEqualTo("{\"infinite\":false,\"number\":90,\"set\":true}");
        assertThat(json(job.get("kill_warning_flags"))).isEqualTo("[\"BATCH_JOB\",\"RESERVATION_JOB\"]");
    }

    @Test
    void requeueIsSentEitherWay() {
        assertThat(job("#SBATCH --requeue").get("requeue").asBoolean()).isTrue();
        JsonNode noRequeue = job("#SBATCH --no-requeue");
        assertThat(noRequeue.get("requeue").isBoolean()).isTrue();
        assertThat(noRequeue.get("requeue").asBoolean()).isFalse();
        assertThat(job("").has("requeue")).as("the planner adds --no-requeue; the mapper adds nothing").isFalse();
    }

    @Test
    void mail() {
        JsonNode job = job("#SBATCH --mail-type=BEGIN,END,TIME_LIMIT_90,INVALID_DEPEND --mail-user=alice@example.org");
        assertThat(json(job.get("mail_type"))).isEqualTo("[\"BEGIN\",\"END\",\"INVALID_DEPENDENCY\",\"TIME=90%\"]");
        assertThat(job.get("mail_user").asString()).isEqualTo("alice@example.org");
        assertThat(json(job("#SBATCH --mail-type=ALL").get("mail_type")))
                .isEqualTo("[\"BEGIN\",\"END\",\"FAIL\",\"REQUEUE\",\"INVALID_DEPENDENCY\",\"STAGE_OUT\"]");
        assertThat(json(job("#SBATCH --mail-type=TIME_LIMIT,TIME_LIMIT_80,TIME_LIMIT_50,ARRAY_TASKS").get("mail_type")))
                .isEqualTo("[\"TIME=100%\",\"TIME=80%\",\"TIME=50%\",\"ARRAY_TASKS\"]");
        assertThat(job("#SBATCH --mail-type=NONE").has("mail_type")).isFalse();
    }

    @Test
    void dependenciesAndTimes() {
        JsonNode job = job("#SBATCH --dependency=afterok:12:13,singleton --kill-on-invalid-dep=yes"
                + " --begin=2026-11-27T08:00:00 --deadline=now+2days");
        assertThat(job.get("dependency").asString()).isEqualTo("afterok:12:13,singleton");
        assertThat(json(job.get("flags"))).isEqualTo("[\"KILL_INVALID_DEPENDENCY\"]");
        assertThat(json(job.get("begin_time"))).isEqualTo("{\"infinite\":false,\"number\":"
                + Instant.parse("2026-11-27T08:00:00Z").getEpochSecond() + ",\"set\":true}");
        assertThat(job.get("deadline").asLong()).isEqualTo(NOW.plusSeconds(2 * 86400).getEpochSecond());
        assertThat(json(job("#SBATCH --kill-on-invalid-dep=no").get("flags")))
                .isEqualTo("[\"NO_KILL_INVALID_DEPENDENCY\"]");
    }

    @Test
    void holdNiceAndPriority() {
        assertThat(job("#SBATCH --hold").get("hold").asBoolean()).isTrue();
        assertThat(job("#SBATCH --nice").get("nice").asLong()).isEqualTo(100);
        assertThat(job("#SBATCH --nice=-5").get("nice").asLong()).isEqualTo(-5);
        assertThat(json(job("#SBATCH --priority=TOP").get("priority")))
                .isEqualTo("{\"infinite\":false,\"number\":4294967293,\"set\":true}");
        assertThat(job("#SBATCH --priority=0").has("priority")).as("sbatch sends none; 0 would hold the job")
                .isFalse();
        JsonNode held = job("#SBATCH --priority=100 --hold");
        assertThat(held.get("hold").asBoolean()).isTrue();
        assertThat(held.has("priority")).as("slurmrestd reads priority after hold: it would release the job")
                .isFalse();
    }

    @Test
    void theUsersCommentComesFirstThenTheChainsTag() {
        assertThat(job("#SBATCH --comment='run 7'").get("comment").asString()).isEqualTo("run 7 " + TAG);
        assertThat(job("#SBATCH --comment=").get("comment").asString()).isEqualTo(TAG);
        assertThat(io.longrun.domain.JobTag.comment(SbatchOptions.empty(), null)).isNull();
    }

    @Test
    void aJobCanBeFoundAgainByItsTagWithOrWithoutTheUsersComment() {
        assertThat(io.longrun.domain.JobTag.carriesTag(TAG, TAG)).isTrue();
        assertThat(io.longrun.domain.JobTag.carriesTag("run 7 " + TAG, TAG)).isTrue();
        assertThat(io.longrun.domain.JobTag.carriesTag("run 7 " + TAG + "0", TAG)).as("attempt 10 is not attempt 1")
                .isFalse();
        assertThat(io.longrun.domain.JobTag.carriesTag("x" + TAG, TAG)).isFalse();
        assertThat(io.longrun.domain.JobTag.carriesTag(null, TAG)).isFalse();
    }

    @Test
    void exportIsAcceptedBecauseThePlannerBuildsTheEnvironment() {
        JsonNode job = job("#SBATCH --export=NONE");
        assertThat(json(job.get("environment"))).as("the mapper sends the planned environment as it is")
                .isEqualTo("[\"PATH=/usr/bin:/bin\",\"SLURM_LONGRUN_ATTEMPT=1\"]");
    }

    @Test
    void appendModeForLaterAttemptsWinsOverTheScriptsOpenMode() {
        JobSubmission first = submission("#SBATCH --open-mode=truncate");
        JobSubmission later = new JobSubmission(first.chainId(), 2, first.user(), first.script(),
                first.workingDirectory(), first.environment(), first.options(), "slurm-5.out", null, true, TAG);
        assertThat(json(job(later).get("open_mode"))).isEqualTo("[\"APPEND\"]");
    }

    @Test
    void everyCombinationStaysFreeOfNullsAndEmptyLists() {
        // one script using every mapped option; job(...) checks the whole tree
        JsonNode job = job("#SBATCH -J all -p debug -A research -q normal --reservation=r --wckey=w -t 10"
                + " --time-min=5 -N 1 -n 2 --ntasks-per-node=2 -c 1 --mem=100 --tmp=10 --gpus=1 --gpus-per-node=1"
                + " --gres=gpu:1 -C f -w localhost -x other --exclusive -L lic:1 -D /tmp -o o -e e -i i"
                + " --open-mode=append --signal=B:TERM@30 --requeue --export=ALL,X=1 --mail-type=END"
                + " --mail-user=u --dependency=singleton --kill-on-invalid-dep=yes --begin=now+1hour"
                + " --deadline=now+2days --hold --nice=5 --priority=10 --comment=c");
        assertThat(fieldNames(job)).contains("tres_per_job", "tres_per_node", "shared", "flags", "begin_time");
    }

    @Test
    void everyOptionTheParserKnowsIsEitherMappedOrRefused() {
        for (io.longrun.domain.sbatch.SbatchOption option : io.longrun.domain.sbatch.SbatchOption.values()) {
            boolean mapped = JobDescriptorMapper.MAPPED_OPTIONS.contains(option.longName());
            assertThat(mapped || option.longName().equals("array")).as(option.longName()).isTrue();
        }
    }

    @Test
    void arraysAreRefusedWithTheirOwnReason() {
        assertThatThrownBy(() -> job("#SBATCH --array=0-15%4"))
                .isInstanceOfSatisfying(InvalidSbatchOptionException.class,
                        e -> assertThat(e.option()).isEqualTo("--array"))
                .hasMessageContaining("chains of job arrays are not designed yet");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--nodelist=/home/alice/hosts", "--nodelist=./hosts", "--exclude=/tmp/bad-nodes"})
    void aNodeListNamingAHostFileIsRefused(String option) {
        String name = option.substring(0, option.indexOf('='));
        assertThatThrownBy(() -> job("", option)).isInstanceOfSatisfying(InvalidSbatchOptionException.class,
                e -> assertThat(e.option()).isEqualTo(name)).hasMessageContaining("host file");
    }

    @Test
    void unsupportedOptionsAreNamed() {
        assertThatThrownBy(() -> job("#SBATCH --wrap=hostname")).isInstanceOfSatisfying(
                InvalidSbatchOptionException.class, e -> assertThat(e.option()).isEqualTo("--wrap"));
    }

    @Test
    void anEmptyEnvironmentIsNeverSent() {
        JobSubmission template = submission("");
        JobSubmission empty = new JobSubmission(template.chainId(), 1, "alice", template.script(), "/home/alice",
                Map.of(), template.options(), null, null, false, TAG);
        assertThatThrownBy(() -> JobDescriptorMapper.toJobDescriptor(empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2019");
    }
}
