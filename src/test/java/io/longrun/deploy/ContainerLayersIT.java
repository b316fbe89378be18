package io.longrun.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The part of docker/Dockerfile that can run without a Docker engine: the packaged jar splits into the
 * layers the Dockerfile copies, and the extracted launcher is there.
 */
class ContainerLayersIT {
    static final List<String> LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies",
            "application");

    @Test
    void theJarSplitsIntoTheLayersTheDockerfileCopies(@TempDir Path extracted) throws Exception {
        Path jar = packagedJar();
        assertThat(run(List.of("java", "-Djarmode=tools", "-jar", jar.toString(), "list-layers")).lines())
                .containsExactlyElementsOf(LAYERS);

        run(List.of("java", "-Djarmode=tools", "-jar", jar.toString(), "extract", "--layers", "--launcher",
                "--destination", extracted.toString()));
        for (String layer : LAYERS) {
            assertThat(extracted.resolve(layer)).isDirectory();
        }
        assertThat(extracted.resolve("spring-boot-loader/org/springframework/boot/loader/launch/JarLauncher.class"))
                .exists();
        assertThat(extracted.resolve("application/BOOT-INF/classes/io/longrun/LongrunApplication.class")).exists();

        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        for (String layer : LAYERS) {
            assertThat(dockerfile).contains(layer + "/");
        }
        assertThat(dockerfile).contains("org.springframework.boot.loader.launch.JarLauncher");
    }

    private static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(path -> path.getFileName().toString().matches("longrun-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no packaged jar in target/"));
        }
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
