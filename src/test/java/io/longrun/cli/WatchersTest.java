package io.longrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchersTest {
    static final String CHAIN = "3f2a9c1e-0000-4000-8000-000000000001";

    @TempDir
    Path home;

    @Test
    void aChainIsWatchedWhileItsLockIsHeldAndItsPidFileNamesTheWatcher() throws Exception {
        Watchers watchers = new Watchers(home, Map.of(), home);
        assertThat(watchers.isWatched(CHAIN)).isFalse();

        try (Watchers.Lock watch = watchers.tryWatch(CHAIN)) {
            assertThat(watch).isNotNull();
            assertThat(watchers.tryWatch(CHAIN)).as("a second watcher").isNull();
            assertThat(watchers.isWatched(CHAIN)).isTrue();
            assertThat(watchers.watcherPid(CHAIN)).isEqualTo(ProcessHandle.current().pid());
            assertThat(Files.readString(home.resolve("run/" + CHAIN + ".pid")).strip())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }

        assertThat(watchers.isWatched(CHAIN)).as("released with its holder").isFalse();
        assertThat(watchers.watcherPid(CHAIN)).isNull();
    }

    @Test
    void rememberHowManyEventsTheLogTells() {
        Watchers watchers = new Watchers(home, Map.of(), home);
        assertThat(watchers.told(CHAIN)).isZero();

        watchers.told(CHAIN, 4);

        assertThat(watchers.told(CHAIN)).isEqualTo(4);
        assertThat(watchers.log(CHAIN)).isEqualTo(home.resolve("logs/" + CHAIN + ".log"));
    }

    @Test
    void homeIsLongrunHomeOrDotLongrun() {
        assertThat(Watchers.home(Map.of("LONGRUN_HOME", "/scratch/lr"))).isEqualTo(Path.of("/scratch/lr"));
        assertThat(Watchers.home(Map.of())).isEqualTo(Path.of(System.getProperty("user.home"), ".longrun"));
    }
}
