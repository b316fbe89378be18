package io.longrun.adapter.out.slurm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Slurm's commands printed on the dev cluster ({@code docker/slurm-dev/record-error-responses.sh}), and a
 * {@link CommandRunner} that answers with them in order while keeping every command it was asked to run.
 */
final class RecordedCommands implements CommandRunner {
    private static final JsonNode INDEX = JsonMapper.builder().build().readTree(read("index.json"));

    final List<List<String>> commands = new ArrayList<>();
    final List<String> stdins = new ArrayList<>();
    final List<Duration> timeouts = new ArrayList<>();
    private final Deque<Result> answers = new ArrayDeque<>();

    /** Answers the next command with a recorded output. */
    RecordedCommands then(String name) {
        answers.add(recorded(name));
        return this;
    }

    RecordedCommands then(Result result) {
        answers.add(result);
        return this;
    }

    @Override
    public synchronized Result run(List<String> command, String stdin, Duration timeout) {
        commands.add(List.copyOf(command));
        stdins.add(stdin);
        timeouts.add(timeout);
        if (answers.isEmpty()) {
            throw new AssertionError("no answer prepared for " + command);
        }
        return answers.poll();
    }

    static Result recorded(String name) {
        JsonNode entry = INDEX.get("outputs").get(name);
        if (entry == null) {
            throw new IllegalArgumentException("no recorded output " + name);
        }
        return new Result(entry.get("exitCode").asInt(), read(entry.get("stdoutFile").asString()),
                read(entry.get("stderrFile").asString()), false);
    }

    /** A job id the recordings were made with: "completed", "cancelled", "requeued", "neverExisted". */
    static long jobId(String which) {
        return INDEX.get("recordedWith").get("jobIds").get(which).asLong();
    }

    private static String read(String file) {
        try (InputStream in = RecordedCommands.class.getResourceAsStream("/slurm-cli/recorded/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("missing recording " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
