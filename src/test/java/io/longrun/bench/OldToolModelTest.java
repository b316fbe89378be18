package io.longrun.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OldToolModelTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant FAR = T0.plus(Duration.ofDays(30));

    @Test
    void aOneMinuteJobThatTimesOutIsAskedAboutAtItsLimitThenEvery5Seconds() {
        // submitted at 0, started at 10, killed at 100 (limit 60 s): ticks at 5 (pending: sleep 60), 65 (ran 55 s:
        // sleep 5), 70, 75, ..., 100 (final)
        int ticks = OldToolModel.ticks(T0, T0.plusSeconds(10), T0.plusSeconds(100), Duration.ofMinutes(1), T0, FAR);
        assertThat(ticks).isEqualTo(1 + 8);
    }

    @Test
    void aLongJobIsAskedAboutEveryFiveMinutes() {
        // one day's limit, starts at once, killed 30 s after its limit: 288 five-minute sleeps, then 5 s ones
        int ticks = OldToolModel.ticks(T0, T0, T0.plus(Duration.ofDays(1)).plusSeconds(30), Duration.ofDays(1), T0, FAR);
        assertThat(ticks).isBetween(288 + 6, 288 + 9);
    }

    @Test
    void onlyTicksInsideTheWindowCount() {
        int all = OldToolModel.ticks(T0, T0, null, Duration.ofHours(1), T0, T0.plus(Duration.ofHours(2)));
        int firstHalf = OldToolModel.ticks(T0, T0, null, Duration.ofHours(1), T0, T0.plus(Duration.ofHours(1)));
        int secondHalf = OldToolModel.ticks(T0, T0, null, Duration.ofHours(1), T0.plus(Duration.ofHours(1)),
                T0.plus(Duration.ofHours(2)));
        assertThat(firstHalf + secondHalf).isEqualTo(all);
        assertThat(firstHalf).isEqualTo(12); // 5, 305, ..., 3305 s
    }
}
