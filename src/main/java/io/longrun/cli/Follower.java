package io.longrun.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Follows a chain: asks for its history every interval, prints each new event once (in the old tool's words),
 * and keeps a live status line on a terminal. Ends when the chain has ended and its last event is printed.
 * Longrun being briefly unreachable is reported once and waited out; the chain goes on regardless.
 */
final class Follower {
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final LongrunApi api;
    private final Console console;
    private final Duration interval;
    private final Sleeper sleeper;

    Follower(LongrunApi api, Console console, Duration interval, Sleeper sleeper) {
        this.api = api;
        this.console = console;
        this.interval = interval;
        this.sleeper = sleeper;
    }

    /** Prints the chain's story from its first event until it ends; returns the ended chain. */
    ChainView follow(String id) throws InterruptedException {
        EventPrinter printer = new EventPrinter(console);
        int printed = 0;
        boolean unreachable = false;
        while (true) {
            try {
                // The chain first: when it has ended, the events read after it hold its whole story.
                ChainView chain = api.chain(id);
                List<EventView> events = api.events(id);
                for (int i = printed; i < events.size(); i++) {
                    printer.print(events.get(i), chain.maxRestarts());
                }
                printed = events.size();
                if (unreachable) {
                    console.log(Level.INFO, "Longrun answers again");
                    unreachable = false;
                }
                if (chain.isEnded()) {
                    console.clearStatus();
                    return chain;
                }
                console.status(statusLine(chain, Instant.now()));
            } catch (LongrunApi.ApiException e) {
                if (e.status() != 0 && e.status() < 500) {
                    throw e;
                }
                if (!unreachable) {
                    console.log(Level.WARNING, e.getMessage() + "; still trying (the chain goes on)");
                    unreachable = true;
                }
            }
            sleeper.sleep(interval);
        }
    }

    static String statusLine(ChainView chain, Instant now) {
        ChainView.AttemptView attempt = chain.currentAttempt();
        StringBuilder line = new StringBuilder("chain ").append(shortId(chain.id())).append(" ").append(chain.state());
        if (attempt != null) {
            line.append(" · submission ").append(attempt.number()).append('/').append(chain.maxRestarts() + 1);
            if (attempt.jobId() != null) {
                line.append(" · job ").append(attempt.jobId()).append(' ')
                        .append(attempt.slurmState() == null ? "SUBMITTED" : attempt.slurmState());
            }
        }
        if (chain.createdAt() != null) {
            Instant until = chain.endedAt() != null ? chain.endedAt() : now;
            long seconds = Math.max(0, Duration.between(chain.createdAt(), until).toSeconds());
            line.append(String.format(" · %02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60));
        }
        return line.toString();
    }

    static String shortId(String id) {
        return id == null || id.length() <= 8 ? String.valueOf(id) : id.substring(0, 8);
    }
}
