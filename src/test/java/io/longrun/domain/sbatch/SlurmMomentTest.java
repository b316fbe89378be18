package io.longrun.domain.sbatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** "Now" is Friday 2025-03-14 10:30:15 UTC throughout. */
class SlurmMomentTest {
    private static final Instant NOW = Instant.parse("2025-03-14T10:30:15.750Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static Instant parse(String value) {
        return SlurmTime.parseMoment(value, CLOCK, ZoneOffset.UTC);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // now and offsets; the default unit is seconds, "now" has whole seconds
            "now                 | 2025-03-14T10:30:15Z",
            "NOW                 | 2025-03-14T10:30:15Z",
            "now+60              | 2025-03-14T10:31:15Z",
            "now+60seconds       | 2025-03-14T10:31:15Z",
            "now+1second         | 2025-03-14T10:30:16Z",
            "now+10minutes       | 2025-03-14T10:40:15Z",
            "now+1minute         | 2025-03-14T10:31:15Z",
            "now+1hour           | 2025-03-14T11:30:15Z",
            "now+2hours          | 2025-03-14T12:30:15Z",
            "now+1 hour          | 2025-03-14T11:30:15Z",
            "now + 1 hour        | 2025-03-14T11:30:15Z",
            "now+1day            | 2025-03-15T10:30:15Z",
            "now+3days           | 2025-03-17T10:30:15Z",
            "now+1week           | 2025-03-21T10:30:15Z",
            "now+2weeks          | 2025-03-28T10:30:15Z",
            "now-30minutes       | 2025-03-14T10:00:15Z",
            "NOW+5SECONDS        | 2025-03-14T10:30:20Z",
            // times of day: today if still ahead in hours and minutes, else tomorrow
            "16:00               | 2025-03-14T16:00:00Z",
            "16:00:30            | 2025-03-14T16:00:30Z",
            "10:31               | 2025-03-14T10:31:00Z",
            "10:30               | 2025-03-15T10:30:00Z",
            "10:30:59            | 2025-03-15T10:30:59Z",
            "09:00               | 2025-03-15T09:00:00Z",
            "9:00                | 2025-03-15T09:00:00Z",
            "4:00pm              | 2025-03-14T16:00:00Z",
            "4:00 PM             | 2025-03-14T16:00:00Z",
            "11:00AM             | 2025-03-14T11:00:00Z",
            "12:00am             | 2025-03-15T00:00:00Z",
            "12:00pm             | 2025-03-14T12:00:00Z",
            "0:15pm              | 2025-03-14T12:15:00Z",
            // named times
            "midnight            | 2025-03-15T00:00:00Z",
            "MIDNIGHT            | 2025-03-15T00:00:00Z",
            "noon                | 2025-03-14T12:00:00Z",
            "Noon                | 2025-03-14T12:00:00Z",
            "elevenses           | 2025-03-14T11:00:00Z",
            "fika                | 2025-03-14T15:00:00Z",
            "teatime             | 2025-03-14T16:00:00Z",
            "today               | 2025-03-14T00:00:00Z",
            "tomorrow            | 2025-03-15T00:00:00Z",
            "tomorrow noon       | 2025-03-15T12:00:00Z",
            "today teatime       | 2025-03-14T16:00:00Z",
            "today 09:00         | 2025-03-14T09:00:00Z",
            // dates: a date alone is its midnight
            "2025-06-01          | 2025-06-01T00:00:00Z",
            "2025-06-01T12:34    | 2025-06-01T12:34:00Z",
            "2025-06-01T12:34:56 | 2025-06-01T12:34:56Z",
            "2024-01-20T12:34:00 | 2024-01-20T12:34:00Z",
            // without a year: this year if still ahead, else next year
            "0601                | 2025-06-01T00:00:00Z",
            "06/01               | 2025-06-01T00:00:00Z",
            "6/1                 | 2025-06-01T00:00:00Z",
            "06.01               | 2025-06-01T00:00:00Z",
            "0301                | 2026-03-01T00:00:00Z",
            "0314                | 2026-03-14T00:00:00Z",
            "03/14-16:00         | 2025-03-14T16:00:00Z",
            "06/01-16:00         | 2025-06-01T16:00:00Z",
            "06/01 4:00pm        | 2025-06-01T16:00:00Z",
            // with a two-digit year
            "060126              | 2026-06-01T00:00:00Z",
            "06/01/26            | 2026-06-01T00:00:00Z",
            "06.01.26            | 2026-06-01T00:00:00Z",
            "06/01/00            | 2025-06-01T00:00:00Z",
            // Slurm's epoch form
            "uts1700000000       | 2023-11-14T22:13:20Z",
    })
    void readsTimesAsSlurmsParseTime(String written, String expected) {
        assertThat(parse(written)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "Today", "TODAY", "TOMORROW", "Teatime", "now+1h", "now+", "now+hour",
            "now*2", "now+1hourx", "25:00", "24:00", "12:60", "12:00:60", "13:00pm", "13/01", "02/30", "2025-02-29",
            "2025-13-01", "2025-00-10", "yesterday", "16", "1:5", "uts123", "uts", "next week", "0601x",
            "06/01/2", "2025-06-01T25:00", "2025-6-1"})
    void refusesWhatSlurmRefusesAndImpossibleDates(String written) {
        assertThatThrownBy(() -> parse(written)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resolvesLocalTimesInTheGivenZone() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // Saturday 2025-03-29 13:00 CET; summer time starts at 02:00 on Sunday the 30th
        Clock clock = Clock.fixed(Instant.parse("2025-03-29T12:00:00Z"), ZoneOffset.UTC);
        assertThat(SlurmTime.parseMoment("16:00", clock, berlin)).isEqualTo(Instant.parse("2025-03-29T15:00:00Z"));
        assertThat(SlurmTime.parseMoment("tomorrow", clock, berlin))
                .isEqualTo(Instant.parse("2025-03-29T23:00:00Z"));
        assertThat(SlurmTime.parseMoment("tomorrow noon", clock, berlin))
                .isEqualTo(Instant.parse("2025-03-30T10:00:00Z")); // CEST by then
        assertThat(SlurmTime.parseMoment("now+1day", clock, berlin))
                .isEqualTo(Instant.parse("2025-03-30T12:00:00Z")); // 86400 s, not "same time tomorrow"
    }

    @Test
    void formatsMomentsSoThatTheyReadBack() {
        Instant instant = Instant.parse("2025-06-01T12:34:56Z");
        ZoneId zone = ZoneId.of("America/New_York");
        String written = SlurmTime.formatMoment(instant, zone);
        assertThat(written).isEqualTo("2025-06-01T08:34:56");
        assertThat(SlurmTime.parseMoment(written, CLOCK, zone)).isEqualTo(instant);
    }
}
