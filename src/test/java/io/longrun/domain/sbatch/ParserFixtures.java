package io.longrun.domain.sbatch;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/** Shared clock and helpers: "now" is Friday 2025-03-14 10:30:15 UTC. */
final class ParserFixtures {
    static final Instant NOW = Instant.parse("2025-03-14T10:30:15Z");
    static final ParseContext CONTEXT = new ParseContext(Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);
    static final String SHEBANG = "#!/bin/bash\n";

    private ParserFixtures() {
    }

    static SbatchOptions args(String... args) {
        return SbatchParser.parseArgs(Arrays.asList(args), CONTEXT);
    }

    static SbatchOptions script(String body, String... args) {
        return SbatchParser.parse(SHEBANG + body, Arrays.asList(args), CONTEXT);
    }

    /** A script whose only directive line is {@code #SBATCH <directive>}. */
    static SbatchOptions directive(String directive) {
        return script("#SBATCH " + directive + "\necho hi\n");
    }

    static List<String> list(String... items) {
        return List.of(items);
    }
}
