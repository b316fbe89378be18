package io.longrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventPrinterTest {
    static final Instant T = Instant.parse("2025-05-21T11:31:10Z");

    /** The chain's history as the API gives it for a job that times out once and then completes. */
    static final List<EventView> WALLTIME_STORY = List.of(
            new EventView(T, "CREATED", 1, null, "SUBMITTING", null),
            new EventView(T, "SUBMITTED", 1, 454600L, null, "job submitted"),
            new EventView(T.plusSeconds(5), "STATE_CHANGED", 1, 454600L, "RUNNING", null),
            new EventView(T.plusSeconds(281), "ATTEMPT_ENDED", 1, 454600L, "TIMEOUT", "TIMEOUT"),
            new EventView(T.plusSeconds(281), "RESUBMITTING", 2, 454600L, "TIMEOUT", "restart 1 of 999"),
            new EventView(T.plusSeconds(282), "SUBMITTED", 2, 454609L, null, "resubmitted as attempt 2"),
            new EventView(T.plusSeconds(290), "STATE_CHANGED", 2, 454609L, "RUNNING", null),
            new EventView(T.plusSeconds(1434), "ATTEMPT_ENDED", 2, 454609L, "COMPLETED", "COMPLETED, exit code 0"),
            new EventView(T.plusSeconds(1434), "CHAIN_ENDED", 2, null, "SUCCEEDED", "job 454609 COMPLETED"));

    @Test
    void tellsTheStoryInTheOldToolsWords() {
        assertThat(print(Level.INFO, WALLTIME_STORY, 999)).containsExactly(
                "2025-05-21 11:31:10 | SUCCESS : Job submitted with ID: 454600",
                "2025-05-21 11:31:10 | INFO    : Monitoring job 454600 (submission 1/1000)",
                "2025-05-21 11:35:51 | INFO    : Job 454600 reached final state: TIMEOUT",
                "2025-05-21 11:35:52 | SUCCESS : Resubmitted based on status=TIMEOUT job with ID: 454609",
                "2025-05-21 11:35:52 | INFO    : Monitoring job 454609 (submission 2/1000)",
                "2025-05-21 11:55:04 | INFO    : Job 454609 reached final state: COMPLETED",
                "2025-05-21 11:55:04 | SUCCESS : Job completed successfully.");
    }

    @Test
    void aLogThatIsTakenOverTellsOnlyWhatWasNotToldYetAndInTheSameWords() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EventPrinter printer = new EventPrinter(new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Level.INFO, false, ZoneOffset.UTC));

        // The log had told CREATED .. RESUBMITTING (5 events) when its engine died.
        printer.tellAfter(WALLTIME_STORY, 5, 999);

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "2025-05-21 11:35:52 | SUCCESS : Resubmitted based on status=TIMEOUT job with ID: 454609",
                "2025-05-21 11:35:52 | INFO    : Monitoring job 454609 (submission 2/1000)",
                "2025-05-21 11:55:04 | INFO    : Job 454609 reached final state: COMPLETED",
                "2025-05-21 11:55:04 | SUCCESS : Job completed successfully.");
    }

    @Test
    void verboseAddsTheStatesSeenAndSilentKeepsOnlyTrouble() {
        assertThat(print(Level.DEBUG, WALLTIME_STORY, 999))
                .contains("2025-05-21 11:31:15 | DEBUG   : Job 454600 state: RUNNING")
                .hasSize(11);
        assertThat(print(Level.WARNING, WALLTIME_STORY, 999)).isEmpty();
    }

    @Test
    void anUnsuccessfulEndSaysHowItEnded() {
        List<String> lines = print(Level.INFO, List.of(
                new EventView(T, "SUBMITTED", 1, 7L, null, null),
                new EventView(T, "ATTEMPT_ENDED", 1, 7L, "TIMEOUT", null),
                new EventView(T, "CHAIN_ENDED", 1, null, "EXHAUSTED", "job 7 ended TIMEOUT after 0 of 0 restarts")), 0);
        assertThat(lines).containsExactly(
                "2025-05-21 11:31:10 | SUCCESS : Job submitted with ID: 7",
                "2025-05-21 11:31:10 | INFO    : Monitoring job 7 (submission 1/1)",
                "2025-05-21 11:31:10 | INFO    : Job 7 reached final state: TIMEOUT",
                "2025-05-21 11:31:10 | WARNING : Job finished with state: TIMEOUT"
                        + " (chain EXHAUSTED: job 7 ended TIMEOUT after 0 of 0 restarts)");
        assertThat(print(Level.INFO, List.of(new EventView(T, "SUBMISSION_REFUSED", 1, null, null,
                "Invalid partition name specified")), 3))
                .containsExactly("2025-05-21 11:31:10 | ERROR   : sbatch submission failed: Invalid partition name specified");
    }

    static List<String> print(Level threshold, List<EventView> events, int maxRestarts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), threshold, false,
                ZoneOffset.UTC);
        EventPrinter printer = new EventPrinter(console);
        events.forEach(event -> printer.print(event, maxRestarts));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
