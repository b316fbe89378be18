package io.longrun.application.port.in;

import java.util.List;
import java.util.Map;

/** A request for a new chain, as the API received it. Null means "not given". */
public record NewChain(String user, String script, List<String> args, String workingDirectory,
                       Map<String, String> environment, PolicyRequest policy) {
}
