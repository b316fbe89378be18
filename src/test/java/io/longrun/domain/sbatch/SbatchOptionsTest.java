package io.longrun.domain.sbatch;

import static io.longrun.domain.sbatch.ParserFixtures.CONTEXT;
import static io.longrun.domain.sbatch.ParserFixtures.args;
import static io.longrun.domain.sbatch.ParserFixtures.script;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SbatchOptionsTest {

    @Test
    void rendersCanonicalArgsInOptionOrder() {
        SbatchOptions options = args("-t", "1:30:00", "-J", "train", "--mem=4G", "-N2-4", "--exclusive=user",
                "--signal=b:sigusr1@120", "--no-requeue", "--mail-type=END,BEGIN", "--export=NONE", "-H",
                "--open-mode=a", "--begin=2025-06-01T12:00", "--nice", "-o", "none");
        assertThat(options.toArgs()).containsExactly(
                "--job-name=train",
                "--time=90",
                "--nodes=2-4",
                "--mem=4096",
                "--exclusive=user",
                "--output=/dev/null",
                "--open-mode=append",
                "--signal=B:USR1@120",
                "--no-requeue",
                "--export=NONE",
                "--mail-type=BEGIN,END",
                "--begin=2025-06-01T12:00:00",
                "--hold",
                "--nice=100");
    }

    @Test
    void rendersTheSpecialValues() {
        assertThat(args("--time=UNLIMITED").toArgs()).containsExactly("--time=UNLIMITED");
        assertThat(args("--time=0").toArgs()).containsExactly("--time=UNLIMITED");
        assertThat(args("--exclusive").toArgs()).containsExactly("--exclusive");
        assertThat(args("--mail-type=NONE").toArgs()).containsExactly("--mail-type=NONE");
        assertThat(args("--requeue").toArgs()).containsExactly("--requeue");
        assertThat(args("--priority=TOP").toArgs()).containsExactly("--priority=4294967293");
        assertThat(args("--kill-on-invalid-dep=YES").toArgs()).containsExactly("--kill-on-invalid-dep=yes");
        assertThat(args("--nodes=3").toArgs()).containsExactly("--nodes=3");
        assertThat(args("--signal=R:TERM").toArgs()).containsExactly("--signal=R:TERM@60");
        assertThat(args("--export=ALL,'A=x,y',B=\"p,q\",C").toArgs())
                .containsExactly("--export=ALL,C,\"A=x,y\",B=\"p,q\"");
    }

    static Stream<List<String>> argLists() {
        return Stream.of(
                List.of("--job-name=my job", "--partition=gpu", "--account=a1", "--qos=q", "--reservation=r",
                        "--wckey=w"),
                List.of("--time=1-2:30:01", "--time-min=0:30"),
                List.of("--time=UNLIMITED", "--time-min=-1"),
                List.of("--nodes=-4", "--ntasks=8", "--ntasks-per-node=4", "--cpus-per-task=2"),
                List.of("--mem=0", "--tmp=1025K"),
                List.of("--mem-per-cpu=1G", "--gpus=a100:2", "--gpus-per-node=2", "--gres=gpu:2,nvme:1"),
                List.of("--mem-per-gpu=20G", "--constraint=[rack1|rack2]", "--nodelist=n[1-4]", "--exclude=n5"),
                List.of("--exclusive"), List.of("--exclusive=mcs"), List.of("--exclusive=topo"),
                List.of("--licenses=matlab:2", "--chdir=rel/dir", "--output=out %j.log", "--error=none",
                        "--input=in", "--open-mode=truncate"),
                List.of("--signal=RB:10@0"), List.of("--signal=B:SIGXCPU@65535"),
                List.of("--requeue"), List.of("--no-requeue"),
                List.of("--export=ALL"), List.of("--export=NIL"),
                List.of("--export=A=1,B,ALL,'C=x,y',D=\"p,q\",E='it''s'"),
                List.of("--export=PATH=/a:/b,EMPTY="),
                List.of("--mail-type=ALL,TIME_LIMIT_90,ARRAY_TASKS", "--mail-user=me@example.org"),
                List.of("--mail-type=NONE"),
                List.of("--dependency=afterok:1:2?afternotok:3", "--kill-on-invalid-dep=no"),
                List.of("--begin=now+1hour", "--deadline=2025-12-31T23:59:59"),
                List.of("--hold", "--nice=-10", "--priority=0", "--comment=", "--array=0-15:4%2"),
                List.of("--comment=has, commas and \"quotes\" and 'single' ones"));
    }

    @ParameterizedTest
    @MethodSource("argLists")
    void toArgsReadsBackAsEqualOptions(List<String> args) {
        SbatchOptions options = SbatchParser.parseArgs(args, CONTEXT);
        SbatchOptions again = SbatchParser.parseArgs(options.toArgs(), CONTEXT);
        assertThat(again).isEqualTo(options);
        assertThat(again.toArgs()).isEqualTo(options.toArgs());
        assertThat(again.specified()).isEqualTo(options.specified());
    }

    @Test
    void toArgsRendersDatesInTheParseZone() {
        ZoneId newYork = ZoneId.of("America/New_York");
        ParseContext context = new ParseContext(Clock.fixed(ParserFixtures.NOW, newYork), newYork);
        SbatchOptions options = SbatchParser.parseArgs(List.of("--begin=2025-06-01T12:00"), context);
        assertThat(options.begin()).contains(Instant.parse("2025-06-01T16:00:00Z"));
        assertThat(options.toArgs()).containsExactly("--begin=2025-06-01T12:00:00");
        assertThat(options.toArgs(ZoneId.of("UTC"))).containsExactly("--begin=2025-06-01T16:00:00");
        assertThat(SbatchParser.parseArgs(options.toArgs(), context)).isEqualTo(options);
    }

    @Test
    void withOverridesLetsTheOtherWin() {
        SbatchOptions base = script("#SBATCH -J base -t 10 -p batch --mail-type=END --mem=4G\n");
        SbatchOptions over = args("-J", "over", "--mail-type=BEGIN", "--mem-per-cpu=1G");
        SbatchOptions merged = base.withOverrides(over);
        assertThat(merged.jobName()).contains("over");
        assertThat(merged.time()).contains(TimeLimit.ofMinutes(10));
        assertThat(merged.partition()).contains("batch");
        assertThat(merged.mailTypes()).contains(Set.of(MailType.BEGIN)); // replaced, not merged
        assertThat(merged.memMiB()).isEmpty();                          // the memory options exclude each other
        assertThat(merged.memPerCpuMiB()).hasValue(1024);
        assertThat(base.withOverrides(SbatchOptions.empty())).isEqualTo(base);
        assertThat(SbatchOptions.empty().withOverrides(base)).isEqualTo(base);
    }

    @Test
    void equalOptionsAreEqualWhateverTheirSpelling() {
        SbatchOptions a = args("-t", "90", "-J", "x", "--mem=1G");
        SbatchOptions b = script("#SBATCH --mem=1024M\n#SBATCH --job-name=x --time=1:30:00\n");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(args("-t", "91", "-J", "x", "--mem=1G"));
        assertThat(a.toString()).isEqualTo("SbatchOptions[--job-name=x, --time=90, --mem=1024]");
    }

    @Test
    void unsetOptionsAreEmpty() {
        SbatchOptions none = SbatchOptions.empty();
        assertThat(none.jobName()).isEmpty();
        assertThat(none.time()).isEmpty();
        assertThat(none.nodes()).isEmpty();
        assertThat(none.ntasks()).isEmpty();
        assertThat(none.memMiB()).isEmpty();
        assertThat(none.priority()).isEmpty();
        assertThat(none.nice()).isEmpty();
        assertThat(none.requeue()).isEmpty();
        assertThat(none.mailTypes()).isEmpty();
        assertThat(none.hold()).isFalse();
        assertThat(none.isEmpty()).isTrue();
    }

    @Test
    void theOptionsCannotBeChangedThroughWhatTheyReturn() {
        SbatchOptions options = args("--mail-type=BEGIN", "--export=A=1");
        assertThat(options.mailTypes().orElseThrow()).isUnmodifiable();
        assertThat(options.export().orElseThrow().values()).isUnmodifiable();
        assertThat(options.specified()).isUnmodifiable();
        assertThat(options.toArgs()).isUnmodifiable();
    }
}
