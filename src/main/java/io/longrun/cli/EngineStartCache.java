package io.longrun.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes the engine start about twice as fast: Longrun's jar unpacked once per installed version (plain jars load
 * faster than nested ones, and only plain jars can be archived), and a class-data archive of the classes the engine
 * uses, recorded when the first engine of that version exits ({@code -XX:ArchiveClassesAtExit}) and mapped by every
 * later one ({@code -XX:SharedArchiveFile}). In {@code ~/.longrun/cache/<version>} (about 200 MB);
 * {@code LONGRUN_ENGINE_CACHE=off} turns it off. Anything failing here only means the slower start.
 */
final class EngineStartCache {
    private static final String ARCHIVE = "engine.jsa";

    private EngineStartCache() {
    }

    /**
     * How the JVM is to load the engine: {@code -XX:…Archive… -cp <unpacked jar> io.longrun.cli.Main}, or an empty
     * list when the cache is off or could not be made (then the jar is run as it is).
     */
    static List<String> classLoading(Path jar, EngineHome home, Map<String, String> env, PrintStream err) {
        if ("off".equalsIgnoreCase(env.getOrDefault("LONGRUN_ENGINE_CACHE", "on")) || !Files.isRegularFile(jar)) {
            return List.of();
        }
        try {
            Path root = home.home().resolve("cache");
            Path version = root.resolve(key(jar));
            Path unpackedJar = version.resolve("app").resolve(jar.getFileName());
            if (!Files.isRegularFile(unpackedJar)) {
                err.println("Unpacking Longrun for faster engine starts (once per installed version) in " + version);
                err.flush();
                removeOtherVersions(root, version);
                unpack(jar, version.resolve("app"));
            }
            Path archive = version.resolve(ARCHIVE);
            String archiving = Files.isRegularFile(archive) && Files.size(archive) > 0
                    ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + archive;
            // The archive's notes on classes it cannot hold (generated, unverifiable) are noise in engine.out.
            return List.of(archiving, "-Xlog:cds*=off", "-cp", unpackedJar.toString(), Main.class.getName());
        } catch (IOException | RuntimeException e) {
            err.println("(the engine starts from the jar itself: " + e.getMessage() + ")");
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The jar's identity and the JVM's: a new build or a new Java gets a new archive. */
    static String key(Path jar) throws IOException {
        String raw = jar.getFileName() + "-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis()
                + "-java" + System.getProperty("java.version");
        return raw.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static void unpack(Path jar, Path destination) throws IOException, InterruptedException {
        Path partial = destination.resolveSibling("app.partial-" + ProcessHandle.current().pid());
        deleteTree(partial);
        Process extract = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", partial.toString())
                .redirectInput(new File("/dev/null")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!extract.waitFor(5, TimeUnit.MINUTES) || extract.exitValue() != 0) {
            extract.destroyForcibly();
            deleteTree(partial);
            throw new IOException("unpacking " + jar + " failed");
        }
        try {
            Files.move(partial, destination, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException anotherCommandWasFaster) {
            deleteTree(partial);
            if (!Files.isDirectory(destination)) {
                throw anotherCommandWasFaster;
            }
        }
    }

    private static void removeOtherVersions(Path root, Path keep) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> versions = Files.list(root)) {
            versions.filter(version -> !version.equals(keep)).forEach(EngineStartCache::deleteTree);
        } catch (IOException e) {
            // disk space only
        }
    }

    private static void deleteTree(Path tree) {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> files = Files.walk(tree)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // disk space only
        }
    }
}
