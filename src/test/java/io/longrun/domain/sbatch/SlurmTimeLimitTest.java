package io.longrun.domain.sbatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlurmTimeLimitTest {

    @ParameterizedTest(name = "{0} -> {1} min")
    @CsvSource({
            // minutes
            "1, 1",
            "90, 90",
            "0090, 90",
            // minutes:seconds, seconds round up
            "1:00, 1",
            "1:01, 2",
            "0:30, 1",
            "0:01, 1",
            "90:01, 91",
            "00:05, 1",        // not HH:MM: five seconds
            "5:59, 6",
            // hours:minutes:seconds
            "1:30:00, 90",
            "1:30:01, 91",
            "0:0:59, 1",
            "10:00:00, 600",
            "1:99:99, 161",    // fields are not range checked, as in Slurm
            // days-hours[:minutes[:seconds]]
            "1-0, 1440",
            "1-2, 1560",
            "1-2:30, 1590",
            "1-2:30:01, 1591",
            "1-00:00:00, 1440",
            "7-0, 10080",
            "2-, 2880",        // sscanf reads the days and nothing else
            "24855-0, 35791200",
    })
    void readsDurationsAsSlurmDoes(String written, long minutes) {
        TimeLimit limit = SlurmTime.parseTimeLimit(written);
        assertThat(limit.unlimited()).isFalse();
        assertThat(limit.minutes()).isEqualTo(minutes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNLIMITED", "unlimited", "Unlimited", "INFINITE", "infinite", "-1",
            "0", "00", "0:00", "0:0:0", "0-0", "0-0:0:0"})
    void unlimitedForTheKeywordsMinusOneAndZero(String written) {
        assertThat(SlurmTime.parseTimeLimit(written)).isEqualTo(TimeLimit.UNLIMITED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1:xx", "abc", "1:", ":5", "1::2", "1:2:", "1:2:3:4", "1-2-3", "1-2:3:4:5",
            "1-:5", "-5", "-2", "--1", "1:-2", " 5", "5 ", "5m", "1h", "1.5", "+5", "1-2:", "::", "-",
            "99999999999", "24856-0", "9999999999:0"})
    void refusesWhatSlurmRefusesAndNegativeOrOverflowingTimes(String written) {
        assertThatThrownBy(() -> SlurmTime.parseTimeLimit(written))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void explainsTheFormatsWhenRefusing() {
        assertThatThrownBy(() -> SlurmTime.parseTimeLimit("1:xx"))
                .hasMessageContaining("days-hours:minutes:seconds");
    }

    @org.junit.jupiter.api.Test
    void rendersBackAsMinutesOrUnlimited() {
        assertThat(SlurmTime.parseTimeLimit("1-2:30:01").toSlurmString()).isEqualTo("1591");
        assertThat(TimeLimit.UNLIMITED.toSlurmString()).isEqualTo("UNLIMITED");
        assertThat(TimeLimit.ofMinutes(0)).isEqualTo(TimeLimit.UNLIMITED);
        assertThatThrownBy(() -> new TimeLimit(false, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeLimit(true, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
