package io.longrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineStartCacheTest {
    @TempDir
    Path dir;

    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void theFirstEngineRecordsTheArchiveAndLaterOnesMapIt() throws Exception {
        Path jar = Files.writeString(dir.resolve("longrun-1.0.jar"), "a jar");
        EngineHome home = new EngineHome(dir.resolve("home"));
        Path version = home.home().resolve("cache").resolve(EngineStartCache.key(jar));
        Path unpacked = Files.createDirectories(version.resolve("app")).resolve("longrun-1.0.jar");
        Files.writeString(unpacked, "unpacked");

        assertThat(classLoading(jar, home, Map.of())).containsExactly(
                "-XX:ArchiveClassesAtExit=" + version.resolve("engine.jsa"), "-Xlog:cds*=off", "-cp",
                unpacked.toString(), "io.longrun.cli.Main");
        Files.writeString(version.resolve("engine.jsa"), "archive");
        assertThat(classLoading(jar, home, Map.of())).startsWith(
                "-XX:SharedArchiveFile=" + version.resolve("engine.jsa"));
    }

    @Test
    void aNewBuildGetsItsOwnCache() throws Exception {
        Path jar = Files.writeString(dir.resolve("longrun-1.0.jar"), "a jar");
        String before = EngineStartCache.key(jar);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));

        assertThat(EngineStartCache.key(jar)).isNotEqualTo(before).contains("java" + System.getProperty("java.version"));
    }

    @Test
    void offOrAJarThatCannotBeUnpackedMeansTheJarItself() throws Exception {
        Path jar = Files.writeString(dir.resolve("longrun-1.0.jar"), "not a zip");
        EngineHome home = new EngineHome(dir.resolve("home"));

        assertThat(classLoading(jar, home, Map.of("LONGRUN_ENGINE_CACHE", "off"))).isEmpty();
        assertThat(classLoading(jar, home, Map.of())).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unpacking Longrun")
                .contains("the engine starts from the jar itself");
        Path version = home.home().resolve("cache").resolve(EngineStartCache.key(jar));
        assertThat(version.resolve("app")).as("nothing half-unpacked is used").doesNotExist();
    }

    private List<String> classLoading(Path jar, EngineHome home, Map<String, String> env) {
        return EngineStartCache.classLoading(jar, home, env, new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
