package io.longrun.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive locks on files that go with the process that holds them, {@code kill -9} included (POSIX record
 * locks), so a lock held tells that its holder still runs. No Spring here.
 */
final class FileLocks {
    /** Locks this JVM holds: closing any channel on a locked file would release the JVM's lock on it (POSIX). */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private FileLocks() {
    }

    /** The lock on {@code file}, held until closed or until the process ends; null when another holds it. */
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

    /** Whether some process (this one included) holds the lock on {@code file}. */
    static boolean isHeld(Path file) {
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

        /** Replaces the locked file's content (e.g. the holder's process id). */
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
