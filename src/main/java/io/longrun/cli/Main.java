package io.longrun.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code sbatch_longrun} and {@code longrun} (see {@code src/main/bin}): the first argument is
 * the command's name. Nothing here starts Spring, so a command against the service starts in a moment; only
 * standalone mode loads the engine.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        String program = args.length > 0 && args[0].equals("sbatch_longrun") ? "sbatch_longrun" : "longrun";
        List<String> rest = args.length > 0 && (args[0].equals("sbatch_longrun") || args[0].equals("longrun"))
                ? Arrays.asList(args).subList(1, args.length) : Arrays.asList(args);
        Cli cli = new Cli(System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err,
                System.console() != null, Cli.Apis::standard);
        int status;
        try {
            status = cli.run(program, rest);
        } catch (RuntimeException | Error unexpected) {
            // Exit all the same: a background engine whose web server threads outlive main would linger unseen.
            unexpected.printStackTrace();
            status = Cli.LONGRUN_ERROR;
        }
        System.exit(status);
    }
}
