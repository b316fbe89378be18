package io.longrun.cli;

import java.util.List;
import java.util.Map;

/** What the command line asks of Longrun: the service, or standalone mode's engine on this machine (both over HTTP). */
interface LongrunApi extends AutoCloseable {

    /**
     * A chain as {@code POST /chains} takes it (script, args, user, workingDirectory, environment, maxRestarts,
     * scriptArguments: the script's own {@code $1 $2 …}).
     */
    record NewChainRequest(String script, List<String> args, String user, String workingDirectory,
                           Map<String, String> environment, int maxRestarts, List<String> scriptArguments) {

        public NewChainRequest {
            scriptArguments = scriptArguments == null ? List.of() : List.copyOf(scriptArguments);
        }

        /** A script without arguments. */
        NewChainRequest(String script, List<String> args, String user, String workingDirectory,
                        Map<String, String> environment, int maxRestarts) {
            this(script, args, user, workingDirectory, environment, maxRestarts, List.of());
        }
    }

    ChainView create(NewChainRequest request);

    ChainView chain(String id);

    List<EventView> events(String id);

    List<ChainView> list(String user, int limit);

    ChainView cancel(String id);

    /** Where the chains live, for messages ("Longrun at http://…", "standalone"). */
    String describe();

    /** The file on this machine where Longrun writes the chain's events (standalone mode), or null. */
    default java.nio.file.Path logOf(String chainId) {
        return null;
    }

    @Override
    default void close() {
    }

    /** Longrun answered with an error, or could not be reached; the message is for the user. */
    class ApiException extends RuntimeException {
        private final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
