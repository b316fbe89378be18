package io.longrun.cli;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Standalone mode's watchers. A chain is <em>watched</em> while some process holds the lock on
 * {@code ~/.longrun/run/<chain>.pid} (which holds that process's id): the foreground {@code sbatch_longrun}, a
 * {@code longrun follow}, or the background process {@code --detached} leaves ({@code longrun watch CHAIN}, started
 * with {@code setsid}, standard input from {@code /dev/null}, its output appended to
 * {@code ~/.longrun/logs/<chain>.log}). The lock goes with its process, {@code kill -9} included, so the next
 * {@code longrun} command sees a live chain nobody watches and starts a new watcher. No Spring here.
 */
final class Watchers {
    /** Locks this JVM holds: closing any channel on a locked file would release the JVM's lock on it (POSIX). */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path home;
    private final Map<String, String> env;
    private final Path cwd;

    Watchers(Path home, Map<String, String> env, Path cwd) {
        this.home = home;
        this.env = env;
        this.cwd = cwd;
    }

    /** {@code LONGRUN_HOME}, else {@code ~/.longrun}. */
    static Path home(Map<String, String> env) {
        String configured = env.get("LONGRUN_HOME");
        return Path.of(configured != null && !configured.isBlank() ? configured
                : System.getProperty("user.home") + "/.longrun");
    }

    Path log(String chainId) {
        return home.resolve("logs").resolve(chainId + ".log");
    }

    Path pidFile(String chainId) {
        return home.resolve("run").resolve(chainId + ".pid");
    }

    private Path toldFile(String chainId) {
        return home.resolve("run").resolve(chainId + ".told");
    }

    /** Takes the watch of a chain for this process, or null when another process watches it. */
    Lock tryWatch(String chainId) {
        Lock lock = tryLock(pidFile(chainId));
        if (lock != null) {
            lock.write(Long.toString(ProcessHandle.current().pid()));
        }
        return lock;
    }

    boolean isWatched(String chainId) {
        Path file = pidFile(chainId);
        if (HELD.contains(file.toAbsolutePath())) {
            return true;
        }
        if (!Files.exists(file)) {
            return false;
        }
        Lock probe = tryLock(file);
        if (probe == null) {
            return true;
        }
        probe.close();
        return false;
    }

    /** The id of the process watching the chain, when one does. */
    Long watcherPid(String chainId) {
        if (!isWatched(chainId)) {
            return null;
        }
        try {
            return Long.parseLong(Files.readString(pidFile(chainId)).strip());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * Starts {@code longrun watch CHAIN} in the background, in a session of its own (it survives the terminal and
     * the login), reading nothing and appending its output to the chain's log. Returns its process id.
     */
    long spawn(String chainId) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        } else if (Files.isExecutable(Path.of("/bin/setsid"))) {
            command.add("/bin/setsid");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        String jar = System.getProperty("longrun.cli.jar");
        if (jar != null) {
            // as src/main/bin/longrun starts it
            command.addAll(List.of("-Dloader.main=io.longrun.cli.Main", "-Dlongrun.cli.jar=" + jar, "-cp", jar,
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        }
        command.addAll(List.of("longrun", "watch", chainId));
        try {
            Files.createDirectories(log(chainId).getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile())
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(chainId).toFile()))
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(env);
            return builder.start().pid();
        } catch (IOException e) {
            throw new LongrunApi.ApiException(0, "cannot start a background watcher for chain " + chainId + ": " + e);
        }
    }

    /** How many of the chain's events its log already tells. */
    int told(String chainId) {
        try {
            return Integer.parseInt(Files.readString(toldFile(chainId)).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    void told(String chainId, int events) {
        try {
            Path file = toldFile(chainId);
            Path next = file.resolveSibling(file.getFileName() + ".tmp");
            Files.createDirectories(file.getParent());
            Files.writeString(next, Integer.toString(events));
            Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // at worst the next watcher tells some events again
        }
    }

    /**
     * An exclusive lock on a file, held until closed or until the process ends (however it ends); null when another
     * process (or this one) holds it.
     */
    static Lock tryLock(Path file) {
        Path key = file.toAbsolutePath();
        if (!HELD.add(key)) {
            return null;
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new Lock(key, channel);
            }
        } catch (IOException | OverlappingFileLockException e) {
            // taken, or not lockable: treated as taken
        }
        closeQuietly(channel);
        HELD.remove(key);
        return null;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing held
            }
        }
    }

    /** A held lock; closing it releases it. */
    static final class Lock implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;

        private Lock(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        void write(String content) {
            try {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((content + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                channel.force(false);
            } catch (IOException e) {
                // the lock is what counts; the content only names the process
            }
        }

        @Override
        public void close() {
            closeQuietly(channel);
            HELD.remove(file);
        }
    }
}
