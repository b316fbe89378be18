package io.longrun.application.port.in;

import java.util.List;
import java.util.Map;

/**
 * A request for a new chain, as the API received it. Null means "not given".
 *
 * @param scriptArguments the script's own arguments ({@code $1 $2 …}); null or empty: none
 */
public record NewChain(String user, String script, List<String> args, String workingDirectory,
                       Map<String, String> environment, PolicyRequest policy, List<String> scriptArguments) {

    /** A request whose script takes no arguments. */
    public NewChain(String user, String script, List<String> args, String workingDirectory,
                    Map<String, String> environment, PolicyRequest policy) {
        this(user, script, args, workingDirectory, environment, policy, null);
    }
}
