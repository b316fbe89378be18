package io.longrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FollowerTest {

    @Test
    void aWatcherThatTakesOverTellsOnlyWhatItsPredecessorHadNotToldAndInTheSameWords() throws Exception {
        CliTest.FakeLongrun longrun = new CliTest.FakeLongrun();
        longrun.maxRestarts = 999;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), Level.INFO, false,
                ZoneOffset.UTC);
        List<Integer> told = new ArrayList<>();

        // The predecessor had told CREATED .. RESUBMITTING (5 events) when it died.
        ChainView ended = new Follower(longrun, console, Duration.ZERO, duration -> {
        }).follow(CliTest.FakeLongrun.ID, 5, told::add);

        assertThat(ended.succeeded()).isTrue();
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "2025-05-21 11:35:52 | SUCCESS : Resubmitted based on status=TIMEOUT job with ID: 454609",
                "2025-05-21 11:35:52 | INFO    : Monitoring job 454609 (submission 2/1000)",
                "2025-05-21 11:55:04 | INFO    : Job 454609 reached final state: COMPLETED",
                "2025-05-21 11:55:04 | SUCCESS : Job completed successfully.");
        assertThat(told).containsExactly(6, 7, 8, 9);
    }
}
