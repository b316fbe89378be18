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
    void printsEachEventOnceAsItAppearsUntilTheChainEnds() throws Exception {
        CliTest.FakeLongrun longrun = new CliTest.FakeLongrun();
        longrun.maxRestarts = 999;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), Level.INFO, false,
                ZoneOffset.UTC);
        List<Integer> polls = new ArrayList<>();

        ChainView ended = new Follower(longrun, console, Duration.ZERO, duration -> polls.add(longrun.eventReads))
                .follow(CliTest.FakeLongrun.ID);

        assertThat(ended.succeeded()).isTrue();
        assertThat(polls).as("the history appears two events per read").isNotEmpty();
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList())
                .containsExactlyElementsOf(EventPrinterTest.print(Level.INFO, EventPrinterTest.WALLTIME_STORY, 999));
    }
}
