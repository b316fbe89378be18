package io.longrun.domain.sbatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueRecordsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // written, signal, delay, batchOnly, reservation
            "SIGUSR1@90, USR1, 90, false, false",
            "USR1, USR1, 60, false, false",
            "usr1@0, USR1, 0, false, false",
            "B:USR1@60, USR1, 60, true, false",
            "b:usr2, USR2, 60, true, false",
            "BUSR1, USR1, 60, true, false",
            "R:10, 10, 60, false, true",
            "RB:TERM@30, TERM, 30, true, true",
            "BR:TERM@30, TERM, 30, true, true",
            "TERM, TERM, 60, false, false",
            "SIGTERM@65535, TERM, 65535, false, false",
            "sigkill, KILL, 60, false, false",
            "15, 15, 60, false, false",
            "015@5, 15, 5, false, false",
            "64, 64, 60, false, false",
            "1, 1, 60, false, false",
            "XCPU, XCPU, 60, false, false",
            "CONT, CONT, 60, false, false",
    })
    void signalSpecificationsAsSbatchReadsThem(String written, String signal, int delay, boolean batch,
                                               boolean reservation) {
        assertThat(SignalSpec.parse(written)).isEqualTo(new SignalSpec(signal, delay, batch, reservation));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@60", "B:", "SIGFOO", "PWR", "WINCH", "USR3", "0", "65", "1x", "USR1@-1",
            "USR1@x", "USR1@65536", "USR1@", "USR1@1@2", "X:USR1", "B::USR1", "SIG", "R:B:TERM"})
    void signalSpecificationsSbatchOrLinuxRefuse(String written) {
        assertThatThrownBy(() -> SignalSpec.parse(written)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everySignalNameSbatchKnowsIsAccepted() {
        for (String name : SignalSpec.SBATCH_SIGNAL_NAMES) {
            assertThat(SignalSpec.parse("SIG" + name).signal()).isEqualTo(name);
            assertThat(SignalSpec.parse(name.toLowerCase()).signalName()).isEqualTo(name);
        }
        assertThat(SignalSpec.SBATCH_SIGNAL_NAMES).hasSize(16);
    }

    @Test
    void signalRendersBack() {
        for (String written : List.of("RB:USR1@5", "B:10@60", "R:TERM@0", "HUP@60")) {
            assertThat(SignalSpec.parse(written).toSlurmString()).isEqualTo(written);
        }
    }

    @Test
    void exportKeywords() {
        assertThat(ExportSpec.parse("ALL")).isEqualTo(ExportSpec.ALL);
        assertThat(ExportSpec.parse("all")).isEqualTo(ExportSpec.ALL);
        assertThat(ExportSpec.parse("NONE")).isEqualTo(ExportSpec.NONE);
        assertThat(ExportSpec.parse("Nil")).isEqualTo(ExportSpec.NIL);
    }

    @Test
    void exportListsKeepNamesAndValuesApart() {
        ExportSpec spec = ExportSpec.parse("EDITOR,ARG1=test,PATH=/a:/b,EMPTY=,X=a=b");
        assertThat(spec.kind()).isEqualTo(ExportSpec.Kind.LIST);
        assertThat(spec.includeAll()).isFalse();
        assertThat(spec.names()).containsExactly("EDITOR");
        assertThat(spec.values()).containsExactly(Map.entry("ARG1", "test"), Map.entry("PATH", "/a:/b"),
                Map.entry("EMPTY", ""), Map.entry("X", "a=b"));
    }

    @Test
    void exportAllMayComeAnywhereInTheList() {
        assertThat(ExportSpec.parse("ALL,A=1").includeAll()).isTrue();
        assertThat(ExportSpec.parse("A=1,all").includeAll()).isTrue();
    }

    @Test
    void exportQuotesFollowSbatch() {
        // a wholly quoted item loses its quotes and may hold commas
        assertThat(ExportSpec.parse("'A=x,y',B=1").values()).containsExactly(Map.entry("A", "x,y"), Map.entry("B", "1"));
        assertThat(ExportSpec.parse("\"A=x,y\"").values()).containsExactly(Map.entry("A", "x,y"));
        // quotes inside an item protect its commas but stay in the value
        assertThat(ExportSpec.parse("A=\"x,y\",B").values()).containsExactly(Map.entry("A", "\"x,y\""));
        // empty items are skipped
        assertThat(ExportSpec.parse("A=1,,B,").names()).containsExactly("B");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",", "ALL,", "ALL,ALL", "NONE,A=1", "A=1,NIL", "1A=2", "A-B=1", "=x", "A='x",
            "\"A=1", "A=1,'B"})
    void exportSpecificationsRefused(String written) {
        assertThatThrownBy(() -> ExportSpec.parse(written)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exportRecordRules() {
        assertThatThrownBy(() -> new ExportSpec(ExportSpec.Kind.ALL, true, Map.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExportSpec(ExportSpec.Kind.LIST, false, Map.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nodeRangeRules() {
        assertThat(new NodeRange(2, 4).isExact()).isFalse();
        assertThat(NodeRange.exactly(3).toSlurmString()).isEqualTo("3");
        assertThat(new NodeRange(1, 8).toSlurmString()).isEqualTo("1-8");
        assertThatThrownBy(() -> new NodeRange(4, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodeRange(-1, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseContextUsesTheClockZone() {
        java.time.Clock clock = java.time.Clock.system(java.time.ZoneId.of("Asia/Tokyo"));
        assertThat(ParseContext.of(clock).zone()).isEqualTo(java.time.ZoneId.of("Asia/Tokyo"));
        assertThatThrownBy(() -> new ParseContext(clock, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void mailTypeAllIsSlurmsAll() {
        assertThat(MailType.ALL).containsExactlyInAnyOrder(MailType.BEGIN, MailType.END, MailType.FAIL,
                MailType.REQUEUE, MailType.INVALID_DEPEND, MailType.STAGE_OUT);
    }
}
