package io.longrun.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Prints log lines as the old tool's loguru format did ({@code 2025-05-21 11:31:10 | SUCCESS : Job submitted
 * with ID: 454600}) and, on a terminal, one live status line under them that each log line pushes down.
 */
final class Console {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final PrintStream out;
    private final Level threshold;
    private final boolean terminal;
    private final ZoneId zone;
    private boolean statusShown;

    Console(PrintStream out, Level threshold, boolean terminal, ZoneId zone) {
        this.out = out;
        this.threshold = threshold;
        this.terminal = terminal;
        this.zone = zone;
    }

    static String format(Instant at, Level level, String message, ZoneId zone) {
        return TIME.format(at.atZone(zone)) + " | " + String.format("%-8s", level.name()) + ": " + message;
    }

    synchronized void log(Instant at, Level level, String message) {
        if (level.compareTo(threshold) < 0) {
            return;
        }
        clearStatus();
        out.println(format(at, level, message, zone));
        out.flush();
    }

    synchronized void log(Level level, String message) {
        log(Instant.now(), level, message);
    }

    /** Plain output (ids, tables), never filtered. */
    synchronized void print(String text) {
        clearStatus();
        out.println(text);
        out.flush();
    }

    /** Replaces the live status line; nothing happens when the output is not a terminal. */
    synchronized void status(String text) {
        if (!terminal || threshold.compareTo(Level.WARNING) >= 0) {
            return;
        }
        out.print("\r\033[K" + text);
        out.flush();
        statusShown = true;
    }

    synchronized void clearStatus() {
        if (statusShown) {
            out.print("\r\033[K");
            statusShown = false;
        }
    }

    boolean isTerminal() {
        return terminal;
    }
}
