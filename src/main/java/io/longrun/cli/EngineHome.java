package io.longrun.cli;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * Standalone mode's directory, {@code ~/.longrun} or {@code LONGRUN_HOME}: the database ({@code longrun.mv.db}),
 * the chains' logs ({@code logs/<chain>.log}) and the engine's own ({@code logs/engine.log}), and in {@code run/}
 * (readable by this user alone) the engine's lock, its key and where it listens ({@code engine.properties}:
 * url, pid, host). No Spring here.
 */
final class EngineHome {
    private final Path home;

    EngineHome(Path home) {
        this.home = home;
    }

    /** {@code LONGRUN_HOME}, else {@code ~/.longrun}. */
    static EngineHome of(Map<String, String> env) {
        String configured = env.get("LONGRUN_HOME");
        return new EngineHome(Path.of(configured != null && !configured.isBlank() ? configured
                : System.getProperty("user.home") + "/.longrun"));
    }

    /** Where the running engine listens, as it announced itself. */
    record Announcement(String url, long pid, String host) {
        boolean isOnThisHost() {
            return host.equals(hostName());
        }

        /** False when the process is known to be gone (on this host); true when it may run. */
        boolean mayRun() {
            return !isOnThisHost() || ProcessHandle.of(pid).isPresent();
        }
    }

    Path home() {
        return home;
    }

    Path log(String chainId) {
        return home.resolve("logs").resolve(chainId + ".log");
    }

    Path engineLog() {
        return home.resolve("logs").resolve("engine.log");
    }

    /** What the engine printed before its own log was set up (a JVM that did not start says why here). */
    Path engineOutput() {
        return home.resolve("logs").resolve("engine.out");
    }

    Path lock() {
        return run().resolve("engine.lock");
    }

    Path key() {
        return run().resolve("engine.key");
    }

    private Path announcementFile() {
        return run().resolve("engine.properties");
    }

    private Path toldFile(String chainId) {
        return run().resolve(chainId + ".told");
    }

    private Path run() {
        return home.resolve("run");
    }

    /** Makes the directories, {@code run/} readable by this user alone. */
    void create() throws IOException {
        Files.createDirectories(home.resolve("logs"));
        if (!Files.isDirectory(run())) {
            Files.createDirectories(run());
        }
        try {
            Files.setPosixFilePermissions(run(), PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // the file permissions below are what counts
        }
    }

    /** A fresh random key for this engine's API, in a file only this user can read. */
    void newKey() throws IOException {
        create();
        Path next = key().resolveSibling("engine.key.tmp");
        Files.deleteIfExists(next);
        Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Files.writeString(next, HexFormat.of().formatHex(random));
        Files.move(next, key(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    String readKey() {
        try {
            return Files.readString(key(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new LongrunApi.ApiException(0, "cannot read the engine's key " + key() + ": " + e.getMessage());
        }
    }

    void announce(String url, long pid) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("url", url);
        properties.setProperty("pid", Long.toString(pid));
        properties.setProperty("host", hostName());
        StringWriter text = new StringWriter();
        properties.store(text, "Longrun's engine for " + home);
        Path next = announcementFile().resolveSibling("engine.properties.tmp");
        Files.writeString(next, text.toString());
        Files.move(next, announcementFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the announcement, if it is still this process's. */
    void withdraw(long pid) {
        Announcement current = announced();
        if (current != null && current.pid() == pid && current.isOnThisHost()) {
            try {
                Files.deleteIfExists(announcementFile());
            } catch (IOException e) {
                // the next command finds the process gone
            }
        }
    }

    /** The last announcement, or null. */
    Announcement announced() {
        try {
            Properties properties = new Properties();
            properties.load(new StringReader(Files.readString(announcementFile())));
            return new Announcement(properties.getProperty("url"), Long.parseLong(properties.getProperty("pid")),
                    properties.getProperty("host", ""));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** " (process P on host H)" for the running engine, or nothing known. */
    String describeRunning() {
        Announcement running = announced();
        return running == null ? "" : " (process " + running.pid() + " on " + running.host() + ")";
    }

    /** How many of the chain's events its log already tells. */
    int told(String chainId) {
        try {
            return Integer.parseInt(Files.readString(toldFile(chainId)).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    void told(String chainId, int events) throws IOException {
        Path file = toldFile(chainId);
        Path next = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(next, Integer.toString(events));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The kernel's host name (no name service asked: a command must start at once). */
    static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException notLinux) {
            // below
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
    }
}
