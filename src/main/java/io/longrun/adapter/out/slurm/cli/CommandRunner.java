package io.longrun.adapter.out.slurm.cli;

import java.time.Duration;
import java.util.List;

/** Runs one command as an argument list and gives back what it printed. */
public interface CommandRunner {

    /**
     * @param stdin what the command reads on its standard input, or null for none
     * @return the result, also when the command failed or timed out (it is then killed)
     */
    Result run(List<String> command, String stdin, Duration timeout);

    /**
     * @param timedOut the command was killed after the timeout; {@code exitCode} is then -1
     */
    record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
        public boolean succeeded() {
            return !timedOut && exitCode == 0;
        }
    }
}
